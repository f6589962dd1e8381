package dev.ferry.adapter.config;

import dev.ferry.adapter.blocks.FileSystemBlobStore;
import dev.ferry.adapter.blocks.JsonlBlocksFormat;
import dev.ferry.adapter.blocks.MySqlImportLedger;
import dev.ferry.adapter.blocks.MySqlRowDeleter;
import dev.ferry.adapter.blocks.S3BlobStore;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.app.blocks.Backups;
import dev.ferry.app.blocks.Exporter;
import dev.ferry.app.blocks.Flows;
import dev.ferry.app.blocks.Importer;
import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.ImportLedger;
import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.domain.plan.MigrationPlan;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/** CDI wiring of App Migration Building Blocks: the store (S3 or a directory), the JSONL format, MySQL deleter and ledger, the use cases. */
public class BlocksBeans {

    @Produces
    @Singleton
    BlocksFormat blocksFormat(BlocksConfig config) {
        return new JsonlBlocksFormat(spool(config));
    }

    /** {@code s3://bucket/prefix}: an S3 bucket (the cloud); anything else: a directory (local runs, tests). */
    @Produces
    @Singleton
    BlobStore blobStore(BlocksConfig config, Instance<S3Client> s3) {
        String root = config.storeRoot();
        if (root.startsWith("s3://")) {
            return S3BlobStore.of(s3.get(), root, spool(config));
        }
        return new FileSystemBlobStore(Path.of(root));
    }

    private static Path spool(BlocksConfig config) {
        return Path.of(config.spoolDirectory().orElse(System.getProperty("java.io.tmpdir")));
    }

    @Produces
    @Singleton
    RowDeleter rowDeleter(DataSource dataSource, InstallationDatabases databases) {
        return new MySqlRowDeleter(dataSource, databases);
    }

    @Produces
    @Singleton
    ImportLedger importLedger(DataSource dataSource, InstallationDatabases databases) {
        return new MySqlImportLedger(dataSource, databases);
    }

    @Produces
    @Singleton
    Exporter exporter(MigrationPlan plan, BlocksFormat format, Clock clock, BlocksConfig config) {
        return new Exporter(plan, format, clock, Exporter.Settings.defaults()
                .withBinaryThreshold(config.binaryThreshold()).withMaxRecordsPerFile(config.maxRecordsPerFile()));
    }

    @Produces
    @Singleton
    Importer importer(MigrationPlan plan, BlocksFormat format, SchemaMigrator schema, RowSink sink, RowDeleter deleter,
                      ImportLedger ledger, Clock clock) {
        return new Importer(plan, format, schema, sink, deleter, ledger, clock, Importer.Settings.DEFAULT);
    }

    @Produces
    @Singleton
    Flows flows(BlocksFormat format, BlobStore store, Exporter exporter, Importer importer, Clock clock) {
        return new Flows(format, store, exporter, importer, clock);
    }

    @Produces
    @Singleton
    Backups backups(BlocksFormat format, Exporter exporter, Importer importer, RowDeleter deleter, Clock clock) {
        return new Backups(format, exporter, importer, deleter, clock);
    }
}
