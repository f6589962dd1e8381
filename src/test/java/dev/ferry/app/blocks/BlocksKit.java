package dev.ferry.app.blocks;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.blocks.FileSystemBlobStore;
import dev.ferry.adapter.blocks.JsonlBlocksFormat;
import dev.ferry.adapter.blocks.MySqlImportLedger;
import dev.ferry.adapter.blocks.MySqlRowDeleter;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.testing.TestMySql;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Real pieces for the building-block tests: the test MySQL server, the sample source app's
 * multi-tenant database (a small data set, loaded into a database of its own), installation
 * databases under a prefix of their own, and the blocks' adapters on a temporary directory.
 */
final class BlocksKit implements AutoCloseable {
    static final SampleDataSet DATA = new SampleDataSet(SampleDataSet.DEFAULT_SEED, List.of(
            new InstallationSpec("blk-source", 40, 300, 60, 200),
            new InstallationSpec("blk-tiny", 2, 5, 3, 4)));

    final MigrationPlan plan = PlanLoader.load("classpath:ferry-plan.yaml");
    final DataSource dataSource;
    final TestMySql.TestDatabase sourceDatabase;
    final SampleSourceDatabase source;
    final String prefix;
    final InstallationDatabases databases;
    final JsonlBlocksFormat format;
    final Clock clock = Clock.systemUTC();
    final MySqlRowDeleter deleter;
    final Importer importer;
    final List<InstallationId> created = new ArrayList<>();

    BlocksKit(Path temp) {
        MySqlServer server = TestMySql.server();
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl(server.serverUrl() + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
        dataSource = ds;
        sourceDatabase = TestMySql.uniqueDatabase("blocks_src");
        source = SampleSourceDatabase.createAndLoad(server, sourceDatabase.name(), DATA);
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        prefix = "tb" + HexFormat.of().formatHex(random) + "_";
        databases = new InstallationDatabases(dataSource, prefix);
        format = new JsonlBlocksFormat(temp.resolve("spool"));
        deleter = new MySqlRowDeleter(dataSource, databases);
        importer = new Importer(plan, format, new MySqlSchemaMigrator(dataSource, databases, clock),
                new MySqlRowSink(dataSource, databases), deleter, new MySqlImportLedger(dataSource, databases), clock,
                Importer.Settings.DEFAULT);
    }

    Exporter exporter(Exporter.Settings settings) {
        return new Exporter(plan, format, clock, settings);
    }

    Backups backups() {
        return new Backups(format, exporter(Exporter.Settings.defaults()), importer, deleter, clock);
    }

    FileSystemBlobStore store(Path dir) {
        return new FileSystemBlobStore(dir);
    }

    /** Reads one tenant straight out of the sample's multi-tenant source database. */
    RowReader sourceReader() {
        return (installation, dataType, consumer) -> {
            DataType table = new DataType(dataType.name(), dataType.remotePath(), dataType.name(), dataType.columns(),
                    dataType.primaryKey(), dataType.pageSize(), dataType.order());
            JdbcDestinationReader.readTable(dataSource, source.database(), table, "installation_id", installation.value(),
                    consumer);
        };
    }

    /** The HS256 secret the sample remotes of these tests share with Ferry. */
    static final byte[] REMOTE_SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Ferry's client of a sample remote started with {@link #REMOTE_SECRET}. */
    static dev.ferry.adapter.remote.RemoteEndpoints remoteClient(dev.ferry.local.sample.SampleRemoteServer remote) {
        return new dev.ferry.adapter.remote.RemoteEndpoints(dev.ferry.adapter.remote.RemoteSettings.defaults(remote.baseUrl())
                .withAudience(dev.ferry.local.sample.SampleRemoteServer.DEFAULT_AUDIENCE),
                new dev.ferry.adapter.remote.HmacTokenSigner(REMOTE_SECRET, "ferry",
                        dev.ferry.local.sample.SampleRemoteServer.DEFAULT_AUDIENCE, java.time.Duration.ofSeconds(60),
                        Clock.systemUTC()));
    }

    RowReader destinationReader() {
        return new JdbcDestinationReader(dataSource, prefix);
    }

    /** The source tenant {@code sourceId} read under the destination's id, to compare with {@code destination}. */
    VerifyInstallation.Result compare(String sourceId, InstallationId destination) {
        RowReader sourceAs = (installation, type, consumer) ->
                sourceReader().forEachRow(InstallationId.of(sourceId), type, consumer);
        return new VerifyInstallation(plan, sourceAs, destinationReader()).verify(destination);
    }

    InstallationId newInstallation(String name) {
        InstallationId id = InstallationId.of(name);
        created.add(id);
        return id;
    }

    boolean exists(InstallationId installation) {
        return databases.exists(installation);
    }

    @Override
    public void close() {
        for (InstallationId id : created) {
            databases.drop(id);
        }
        source.close();
        sourceDatabase.close();
    }
}
