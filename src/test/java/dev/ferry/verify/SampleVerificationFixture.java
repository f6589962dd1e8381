package dev.ferry.verify;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.config.VerificationBeans;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.mysql.MySqlVerificationStore;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.testing.TestMySql;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sample app's source database and remote, and Ferry's adapters on the test MySQL server,
 * with each installation copied to its own database the way the worker copies it (remote pages,
 * converted, upserted), so verification starts from an exact copy that tests then damage.
 */
final class SampleVerificationFixture implements AutoCloseable {
    static final String LARGE = "vf-large";
    static final String SMALL = "vf-small";
    static final SampleDataSet DATA = new SampleDataSet(SampleDataSet.DEFAULT_SEED, List.of(
            new InstallationSpec(LARGE, 40, 3_000, 30, 400),
            new InstallationSpec(SMALL, 5, 30, 6, 20)));
    private static final SecureRandom RANDOM = new SecureRandom();

    final TestMySql.TestDatabase sourceDatabase;
    final SampleSourceDatabase source;
    final SampleRemoteServer remote;
    final RemoteEndpoints client;
    final DataSource dataSource;
    final InstallationDatabases databases;
    final MigrationPlan plan = PlanLoader.load("classpath:ferry-plan.yaml");
    final Clock clock = Clock.systemUTC();

    SampleVerificationFixture() {
        sourceDatabase = TestMySql.uniqueDatabase("vsrc");
        source = SampleSourceDatabase.createAndLoad(sourceDatabase.server(), sourceDatabase.name(), DATA);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = HexFormat.of().formatHex(secret);
        remote = SampleRemoteServer.start(source, secretText.getBytes(StandardCharsets.UTF_8));
        client = new RemoteEndpoints(RemoteSettings.defaults(remote.baseUrl()),
                new HmacTokenSigner(secretText.getBytes(StandardCharsets.UTF_8), "ferry", remote.audience(),
                        Duration.ofSeconds(60), clock));
        MysqlDataSource mysql = new MysqlDataSource();
        mysql.setUrl(TestMySql.server().serverUrl() + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
        dataSource = mysql;
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        databases = new InstallationDatabases(dataSource, "fv" + HexFormat.of().formatHex(suffix) + "_");
    }

    /** Creates the installation's database and copies every data type from the remote, as the worker would. */
    void migrate(String installation) {
        InstallationId id = InstallationId.of(installation);
        new MySqlSchemaMigrator(dataSource, databases, clock).migrate(id, plan.schema());
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases);
        for (DataType type : plan.dataTypes()) {
            List<Row> batch = new ArrayList<>();
            new RemoteRowReader(client.pages()).forEachRow(id, type, row -> {
                batch.add(row);
                if (batch.size() == 200) {
                    sink.upsert(id, type, List.copyOf(batch));
                    batch.clear();
                }
            });
            sink.upsert(id, type, batch);
        }
    }

    VerifyDataType verifier(VerifySettings settings) {
        return VerificationBeans.verifier(client, dataSource, databases, new MySqlRowSink(dataSource, databases), clock,
                settings);
    }

    VerifyInstallation verification(VerifySettings settings) {
        return new VerifyInstallation(plan, verifier(settings), clock);
    }

    VerifyInstallation verification() {
        return verification(VerifySettings.defaults());
    }

    StatusReport status() {
        return new StatusReport(plan, new MySqlJobStore(dataSource, databases), client.installations(),
                new MySqlVerificationStore(dataSource, databases), clock);
    }

    /** Runs one statement in an installation's database (to damage it). */
    void destination(String installation, String sql) {
        try (Connection c = TestMySql.server().connect(databases.name(InstallationId.of(installation)));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (String id : DATA.installationIds()) {
            databases.drop(InstallationId.of(id));
        }
        remote.close();
        source.close();
        sourceDatabase.close();
    }
}
