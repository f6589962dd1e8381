package dev.ferry.chaos;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.testing.KillableDataSource;
import dev.ferry.testing.TestMySql;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.MySQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The engines every scenario of a run shares: the test MariaDB behind an Agroal pool (the production
 * pool, with its MySQL exception sorter), one ElasticMQ, the bundled plan, and the lanes.
 */
final class ChaosWorld implements AutoCloseable {
    final AgroalDataSource pool;
    final KillableDataSource killable;
    final EmbeddedSqs sqs;
    final SqsClient sqsClient;
    final MigrationPlan basePlan;
    /** Installation databases of this run: {@code cx<6 hex>_<installation>}; no other run uses it. */
    final String databasePrefix;
    final List<Lane> lanes;
    /** Drops what finished scenarios created, off the lanes' critical path. */
    private final ExecutorService janitor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chaos-janitor");
        t.setDaemon(true);
        return t;
    });

    private ChaosWorld(AgroalDataSource pool, EmbeddedSqs sqs, List<Lane> lanes) {
        this.pool = pool;
        this.killable = new KillableDataSource(pool);
        this.sqs = sqs;
        this.sqsClient = sqs.newClient();
        this.basePlan = PlanLoader.load("classpath:ferry-plan.yaml");
        byte[] token = new byte[3];
        new SecureRandom().nextBytes(token);
        this.databasePrefix = "cx" + HexFormat.of().formatHex(token) + "_";
        this.lanes = lanes;
    }

    static ChaosWorld start(int laneCount) {
        MySqlServer mysql = TestMySql.server();
        AgroalDataSource pool = pool(mysql, 8 + 6 * laneCount);
        EmbeddedSqs sqs = EmbeddedSqs.start();
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < laneCount; i++) {
            lanes.add(Lane.start());
        }
        return new ChaosWorld(pool, sqs, lanes);
    }

    /** Validated on borrow, so a connection killed by one fault does not fail the next borrower too. */
    private static AgroalDataSource pool(MySqlServer mysql, int maxSize) {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.minSize(0).initialSize(0).maxSize(maxSize)
                        .acquisitionTimeout(Duration.ofSeconds(20))
                        .validateOnBorrow(true)
                        .connectionValidator(ConnectionValidator.defaultValidator())
                        .exceptionSorter(new MySQLExceptionSorter())
                        .connectionFactoryConfiguration(f -> f.jdbcUrl(mysql.jdbcUrl(null))
                                .principal(new NamePrincipal(mysql.username()))
                                .credential(new SimplePassword(mysql.password()))
                                .autoCommit(true)));
        try {
            return AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the connection pool", e);
        }
    }

    /** Runs {@code cleanup} in the background; {@link #close} waits for it. */
    void cleanUpLater(Runnable cleanup) {
        janitor.execute(cleanup);
    }

    @Override
    public void close() {
        janitor.shutdown();
        try {
            janitor.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.forEach(Lane::close);
        sqsClient.close();
        sqs.close();
        pool.close();
    }
}
