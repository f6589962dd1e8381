package dev.ferry.hostile;

import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.testing.TestMySql;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.MySQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The engines the hostile suite shares: the test MySQL server behind Agroal (the production pool), an
 * embedded SQS. Installation databases are {@code hx<hex>_<installation>}, dropped at the end. Each run
 * has a hostile remote of its own.
 */
final class HostileWorld implements AutoCloseable {
    static final byte[] SECRET = "hostile-suite-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final String AUDIENCE = "ferry-remote";

    final MySqlServer mysql = TestMySql.server();
    final AgroalDataSource pool;
    final EmbeddedSqs sqs = EmbeddedSqs.start();
    final SqsClient sqsClient = sqs.newClient();
    final String prefix;
    /** An installation whose database name Ferry is told never to use. */
    final String reservedInstallation;
    private final List<String> installations = new ArrayList<>();

    HostileWorld() {
        byte[] token = new byte[3];
        new SecureRandom().nextBytes(token);
        this.prefix = "hx" + HexFormat.of().formatHex(token) + "_";
        this.reservedInstallation = "reserved-" + HexFormat.of().formatHex(token);
        this.pool = pool(mysql);
    }

    /** Ferry's view of installation databases here: the reserved one is never taken. */
    InstallationDatabases databases() {
        return new InstallationDatabases(pool, prefix, Set.of(prefix + reservedInstallation), Set.of());
    }

    /** Registers an installation for clean-up; returns it. */
    String installation(String id) {
        installations.add(id);
        return id;
    }

    void execute(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + sql, e);
        }
    }

    List<String> column(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private static AgroalDataSource pool(MySqlServer mysql) {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.minSize(0).initialSize(0).maxSize(24)
                        .acquisitionTimeout(Duration.ofSeconds(20))
                        .validateOnBorrow(true)
                        .connectionValidator(ConnectionValidator.defaultValidator())
                        .exceptionSorter(new MySQLExceptionSorter())
                        .connectionFactoryConfiguration(f -> f.jdbcUrl(mysql.jdbcUrl(null))
                                .principal(new NamePrincipal(mysql.username()))
                                .credential(new SimplePassword(mysql.password()))
                                .autoCommit(true)));
        try {
            return io.agroal.api.AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the connection pool", e);
        }
    }

    @Override
    public void close() {
        for (String id : installations) {
            try {
                mysql.dropDatabase(prefix + id);
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        sqsClient.close();
        sqs.close();
        pool.close();
    }
}
