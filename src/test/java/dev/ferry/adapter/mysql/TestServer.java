package dev.ferry.adapter.mysql;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.testing.TestMySql;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * The MySQL-compatible server these tests run against: the one {@link TestMySql} names (the JDBC URL in
 * {@code FERRY_TEST_MYSQL_URL}, else an embedded MariaDB).
 */
final class TestServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestServer() {
    }

    static DataSource dataSource() {
        MySqlServer server = TestMySql.server();
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl(server.serverUrl() + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
        return dataSource;
    }

    /** A server nobody listens on: connecting is refused at once. */
    static DataSource unreachable() {
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl("jdbc:mysql://127.0.0.1:1/?user=root&connectTimeout=2000&connectionTimeZone=UTC");
        return dataSource;
    }

    /** A new installation id whose database ({@code ferry_t…}) no other run uses. */
    static InstallationId newInstallation() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return InstallationId.of("t" + HexFormat.of().formatHex(bytes));
    }
}
