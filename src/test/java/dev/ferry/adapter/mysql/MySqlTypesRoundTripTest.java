package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.MySqlTypeSamples;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every MySQL type at its edges is written by the row sink, stored as intended (checked with the
 * server's own text of each value) and read back by both destination readers to the same content hash.
 */
class MySqlTypesRoundTripTest {
    private static final DataType TYPES = MySqlTypeSamples.EVERY_TYPE;
    private static DataSource dataSource;
    private static InstallationDatabases databases;
    private static InstallationId installation;
    private static List<Row> written;

    @BeforeAll
    static void write() throws SQLException {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
        installation = TestServer.newInstallation();
        databases.claim(installation);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(MySqlTypeSamples.DDL.formatted(databases.table(installation, TYPES.table())));
        }
        written = MySqlTypeSamples.rows();
        new MySqlRowSink(dataSource, databases).upsert(installation, TYPES, written);
    }

    @AfterAll
    static void drop() {
        databases.drop(installation);
    }

    @Test
    void shouldReadEveryValueBack_toTheSameContentHash_throughBothReaders() {
        List<Row> streamed = new ArrayList<>();
        JdbcDestinationReader.readTable(dataSource, databases.name(installation), TYPES, null, null, streamed::add);
        List<Row> ranged = new MySqlKeyRanges(dataSource, databases).rows(installation, TYPES, null, null, 100);

        assertThat(hashes(streamed)).isEqualTo(hashes(written));
        assertThat(hashes(ranged)).isEqualTo(hashes(written));
    }

    @Test
    void shouldReadKeyRangesBoundedByEveryKind_ofTheSampleKeys() {
        RowKey first = RowKey.of(TYPES, written.get(0));
        RowKey last = RowKey.of(TYPES, written.get(written.size() - 1));

        List<Row> between = new MySqlKeyRanges(dataSource, databases).rows(installation, TYPES, first, last, 100);

        assertThat(hashes(between)).isEqualTo(hashes(written.subList(1, written.size())).subList(0, between.size()));
        assertThat(between).hasSize(written.size() - 1);
    }

    @Test
    void shouldStoreWhatTheDatabaseItselfPrints_forTheTypesItWouldOtherwiseAlter() throws SQLException {
        Map<String, String> max = serverText(4294967295L);
        Map<String, String> small = serverText(8);

        assertThat(max).containsEntry("bu", "18446744073709551615").containsEntry("b64", "FFFFFFFFFFFFFFFF")
                .containsEntry("fl", "3.4028232635611926e38").containsEntry("t", "838:59:59.000000")
                .containsEntry("tags", "red,green,blue").containsEntry("y", "2155")
                .containsEntry("dt", "9999-12-31 23:59:59.999999").containsEntry("ts", "2038-01-19 03:14:07.999")
                .containsEntry("uuid", "123E4567E89B12D3A456426614174000").containsEntry("bin", "FFFFFFFF")
                .containsEntry("legacy", "Café €‰ÿ").containsEntry("g", "POLYGON((0 0,10 0,10 10,0 10,0 0))")
                .containsEntry("gsrid", "4326");
        assertThat(small).containsEntry("t", "-00:00:00.500000").containsEntry("t0", "-00:00:01")
                .containsEntry("fl", "0.10000000149011612").containsEntry("tags", "red,green")
                .containsEntry("ts", "2024-03-01 08:15:30.500").containsEntry("code", " a")
                .containsEntry("g", "GEOMETRYCOLLECTION(POINT(3 4),LINESTRING(0 0,1 1))");
    }

    private static Map<String, String> serverText(long id) throws SQLException {
        String sql = "SELECT CAST(bu AS CHAR), HEX(b64), CAST(fl + 0e0 AS CHAR), CAST(t AS CHAR), CAST(t0 AS CHAR), tags,"
                + " CAST(y AS CHAR), CAST(dt AS CHAR), CAST(ts AS CHAR), HEX(uuid), HEX(bin), legacy, ST_AsText(g),"
                + " ST_SRID(g), code FROM " + databases.table(installation, TYPES.table()) + " WHERE id = " + id;
        String[] names = {"bu", "b64", "fl", "t", "t0", "tags", "y", "dt", "ts", "uuid", "bin", "legacy", "g", "gsrid", "code"};
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            for (int i = 0; i < names.length; i++) {
                out.put(names[i], rs.getString(i + 1));
            }
        }
        return out;
    }

    private static List<String> hashes(List<Row> rows) {
        return rows.stream().map(r -> RowHash.of(r).hex()).toList();
    }
}
