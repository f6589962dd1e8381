package dev.ferry.adapter.mysql;

import static org.junit.jupiter.api.Assertions.fail;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.domain.job.InstallationId;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * The MySQL-compatible server these tests run against: the JDBC URL in {@value #ENV}, e.g.
 * {@code jdbc:mysql://127.0.0.1:3306/?user=root&password=&connectionTimeZone=UTC}. Without it the tests
 * fail (they are not skipped), so a missing server is never mistaken for a pass.
 */
final class TestServer {
    static final String ENV = "FERRY_TEST_MYSQL_URL";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestServer() {
    }

    static DataSource dataSource() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            fail("Set " + ENV + " to the JDBC URL of a MySQL-compatible server, e.g. "
                    + "jdbc:mysql://127.0.0.1:3306/?user=root&password=&connectionTimeZone=UTC");
        }
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl(url);
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
