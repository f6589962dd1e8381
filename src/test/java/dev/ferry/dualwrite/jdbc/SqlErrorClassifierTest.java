package dev.ferry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one classification every MySQL-compatible adapter uses. It covers every code either of the
 * classifications it replaced treated as transient (the state store's and the building blocks' lists),
 * and every phrase either of the descriptions it replaced knew (Ferry's and the dual-write helper's).
 */
class SqlErrorClassifierTest {

    @ParameterizedTest(name = "error {0} is transient")
    @ValueSource(ints = {1040, 1053, 1152, 1158, 1159, 1160, 1161, 1205, 1213, 1317, 1927, 2002, 2003, 2006, 2013, 3024,
            8002, 8022, 8027, 8028, 9001, 9002, 9003, 9004, 9005, 9007})
    void shouldTreatEveryFormerlyTransientCodeAsTransient(int code) {
        // given / when / then (SQLState HY000 says nothing by itself)
        assertThat(SqlErrorClassifier.isTransient(new SQLException("boom", "HY000", code))).isTrue();
    }

    @ParameterizedTest(name = "error {0} is permanent")
    @ValueSource(ints = {1048, 1054, 1062, 1064, 1146, 1264, 1366, 1406, 3140, 0})
    void shouldTreatRefusalsAsPermanent(int code) {
        // given / when / then
        assertThat(SqlErrorClassifier.isTransient(new SQLException("boom", "HY000", code))).isFalse();
    }

    @Test
    void shouldClassifyBySqlStateAndExceptionKind() {
        // given / when / then
        assertThat(SqlErrorClassifier.isTransient(new SQLException("link failure", "08S01", 0))).isTrue();
        assertThat(SqlErrorClassifier.isTransient(new SQLException("serialization failure", "40001", 0))).isTrue();
        assertThat(SqlErrorClassifier.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(SqlErrorClassifier.isTransient(new SQLRecoverableException("reset"))).isTrue();
        assertThat(SqlErrorClassifier.isTransient(new SQLException("refused", "42000", 1142))).isFalse();
    }

    @Test
    void shouldFindTheServerErrorAlongTheCauseChain() {
        // given a driver wrapper without a code around the server's lost connection
        SQLException lost = new SQLException("Lost connection to server during query", "HY000", 2013);
        BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0], lost);

        // when / then
        assertThat(SqlErrorClassifier.code(batch)).isEqualTo(2013);
        assertThat(SqlErrorClassifier.isTransient(batch)).isTrue();
        assertThat(SqlErrorClassifier.code(new SQLException("no code"))).isZero();
    }

    @Test
    void shouldNotSearchTheCauseChainForever() {
        // given a transient error twelve wrappers deep
        SQLException e = new SQLException("deadlock", "40001", 1213);
        for (int i = 0; i < 12; i++) {
            e = new SQLException("wrapper " + i, "HY000", 0, e);
        }

        // when / then
        assertThat(SqlErrorClassifier.isTransient(e)).isFalse();
        assertThat(SqlErrorClassifier.code(e)).isZero();
    }

    @Test
    void shouldPhraseEveryWellKnownCode_andNoOther() {
        // given / when / then: phrases from both former maps
        assertThat(SqlErrorClassifier.phrase(1406)).isEqualTo("data too long");
        assertThat(SqlErrorClassifier.phrase(1153)).isEqualTo("request larger than max_allowed_packet");
        assertThat(SqlErrorClassifier.phrase(4025)).isEqualTo("constraint failed");
        assertThat(SqlErrorClassifier.phrase(1364)).isEqualTo("a column without default has no value");
        assertThat(SqlErrorClassifier.phrase(2013)).isEqualTo("lost connection");
        assertThat(SqlErrorClassifier.phrase(1586)).isNull();
        assertThat(SqlErrorClassifier.phrase(0)).isNull();
    }
}
