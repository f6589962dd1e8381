package dev.ferry.app.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.flow.FileGroupEvent;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.testing.IntegrationTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports that run out of time and continue in later calls, on real MariaDB, real files and the sample
 * remote: each call is given a budget of a few batches, and the result, imported, equals the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@IntegrationTest
class ExportContinuationTest {
    Path temp;
    BlocksKit kit;
    /** The sample plan with pages of 7 rows, so every data type takes several batches. */
    MigrationPlan smallPages;

    @BeforeAll
    void start(@TempDir Path dir) {
        temp = dir;
        kit = new BlocksKit(temp);
        List<DataType> types = new ArrayList<>();
        for (DataType t : kit.plan.dataTypes()) {
            types.add(new DataType(t.name(), t.remotePath(), t.table(), t.columns(), t.primaryKey(), 7, t.order()));
        }
        smallPages = new MigrationPlan(kit.plan.name(), kit.plan.mode(), types, kit.plan.schema());
    }

    @AfterAll
    void stop() {
        if (kit != null) {
            kit.close();
        }
    }

    @Test
    void shouldImportEqual_whenAnExportFromTheRemoteContinuesAcrossSeveralInvocations() {
        // given the sample remote serving blk-source, and an exporter given two batches per invocation
        try (SampleRemoteServer remote = SampleRemoteServer.start(kit.source, BlocksKit.REMOTE_SECRET)) {
            RemoteEndpoints client = BlocksKit.remoteClient(remote);
            BlobStore stream = kit.store(temp.resolve("remote"));
            List<FileGroupEvent> groups = new ArrayList<>();

            // when the export is called again and again until it is complete
            Exports runs = exportUntilComplete(stream, "s-remote", "remote-m1", new RemoteRowReader(client.pages()),
                    "blk-source", 2, groups);

            // then it took many invocations, each label was announced once, and no checkpoint is left
            long total = BlocksKit.DATA.installation("blk-source").totalRows();
            assertThat(runs.invocations).isGreaterThan((int) (total / 7 / 2 / 2));
            assertThat(groups).extracting(FileGroupEvent::label).containsExactlyElementsOf(
                    kit.plan.dataTypes().stream().map(DataType::name).toList());
            assertThat(stream.exists(StreamLayout.CHECKPOINT)).isFalse();
            assertThat(runs.last.upserts()).isEqualTo(total);
            assertThat(runs.last.files()).extracting(FileListEntry::kind).containsOnly(EventFileKind.SNAPSHOT);

            // and the imported installation equals the source, row by row by content hash
            InstallationId destination = importAll(stream, "s-remote", "blk-cont-remote");
            VerifyInstallation.Result compared = kit.compare("blk-source", destination);
            assertThat(compared.mismatches()).as(compared.toString()).isZero();
            assertThat(compared.destinationRows()).isEqualTo(total);
        }
    }

    @Test
    void shouldCarryTheDiff_whenAnExportFromADatabaseContinuesByPrimaryKey_composedKeysIncluded() throws SQLException {
        // given blk-source imported into an installation database, exported from there in one call
        InstallationId middle = importAll(exportOnce("s-db-seed", "blk-source"), "s-db-seed", "blk-cont-mid");
        BlobStore stream = kit.store(temp.resolve("db"));
        exportUntilComplete(stream, "s-db", "db-m1", kit.destinationReader(), middle.value(), 3, new ArrayList<>());
        InstallationId copy = importAll(stream, "s-db", "blk-cont-copy");

        // when that database changes (updates, deletes of composed keys, inserts) and the next export continues 3 batches at a time
        int edited;
        try (Connection c = kit.dataSource.getConnection(); Statement s = c.createStatement()) {
            String db = "`" + kit.prefix + middle.value() + "`";
            edited = s.executeUpdate("UPDATE " + db + ".issues SET title = CONCAT(title, ' (edited)') WHERE id % 10 = 3");
            s.executeUpdate("DELETE FROM " + db + ".issue_watchers ORDER BY issue_id DESC, user_key LIMIT 11");
            s.executeUpdate("INSERT INTO " + db + ".projects (id, name, budget, archived, settings, created_at) "
                    + "VALUES (900001, 'added', 1.50, 0, NULL, '2026-01-02 03:04:05')");
        }
        Exports diff = exportUntilComplete(stream, "s-db", "db-m2", kit.destinationReader(), middle.value(), 3,
                new ArrayList<>());
        importInto(stream, "s-db", copy);

        // then only the changes travelled, as diffs, and the copy equals the changed database
        assertThat(diff.invocations).isGreaterThan(10);
        assertThat(diff.last.files()).extracting(FileListEntry::kind).containsOnly(EventFileKind.DIFF);
        assertThat(diff.last.deletes()).isEqualTo(11);
        assertThat(edited).isPositive();
        assertThat(diff.last.upserts()).isEqualTo(edited + 1);
        VerifyInstallation.Result compared = new VerifyInstallation(kit.plan,
                (installation, type, consumer) -> kit.destinationReader().forEachRow(middle, type, consumer),
                kit.destinationReader()).verify(copy);
        assertThat(compared.mismatches()).as(compared.toString()).isZero();
    }

    @Test
    void shouldRefuseAnotherMovement_whileAnExportContinues_andResumeTheSameOne() {
        // given an export that stopped after its first batch
        BlobStore stream = kit.store(temp.resolve("busy"));
        Exporter exporter = new Exporter(smallPages, kit.format, kit.clock, Exporter.Settings.defaults());
        Exporter.Result first = exporter.export(request(stream, "s-busy", "busy-m1", kit.sourceReader(), "blk-source",
                batches(1), e -> { }));
        assertThat(first.complete()).isFalse();
        assertThat(stream.exists(StreamLayout.CHECKPOINT)).isTrue();

        // when another movement exports the same stream, it is told to try later
        assertThatThrownBy(() -> exporter.export(request(stream, "s-busy", "busy-m2", kit.sourceReader(), "blk-source",
                null, e -> { })))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE);
                    assertThat(e.code().retryable()).isTrue();
                })
                .hasMessageContaining("busy-m1");

        // and the same movement, called without a budget, finishes the export it began
        Exporter.Result rest = exporter.export(request(stream, "s-busy", "busy-m1", kit.sourceReader(), "blk-source",
                null, e -> { }));
        assertThat(rest.complete()).isTrue();
        assertThat(rest.exportTime()).isEqualTo(first.exportTime());
        assertThat(rest.upserts()).isEqualTo(BlocksKit.DATA.installation("blk-source").totalRows());
        assertThat(kit.compare("blk-source", importAll(stream, "s-busy", "blk-cont-busy")).mismatches()).isZero();
    }

    /** What it took: the number of calls and the last (complete) result. */
    private record Exports(int invocations, Exporter.Result last) {
    }

    private Exports exportUntilComplete(BlobStore stream, String streamId, String movementId, RowReader reader,
                                        String source, int batchesPerCall, List<FileGroupEvent> groups) {
        Exporter exporter = new Exporter(smallPages, kit.format, kit.clock, Exporter.Settings.defaults());
        for (int call = 1; call <= 10_000; call++) {
            Exporter.Result result = exporter.export(request(stream, streamId, movementId, reader, source,
                    batches(batchesPerCall), groups::add));
            if (result.complete()) {
                return new Exports(call, result);
            }
        }
        throw new AssertionError("the export never completed");
    }

    private static Exporter.Request request(BlobStore stream, String streamId, String movementId, RowReader reader,
                                            String source, Budget budget, dev.ferry.app.port.FileGroupNotifier notifier) {
        return new Exporter.Request(InstallationId.of(source), reader, stream, streamId, "flow-" + streamId, movementId,
                notifier, budget);
    }

    /** A budget that allows {@code n} batches: time runs out at the n-th check. */
    private static Budget batches(int n) {
        AtomicInteger checks = new AtomicInteger();
        return new Budget(() -> checks.incrementAndGet() < n ? 3_600_000 : 0, 0, 0);
    }

    private BlobStore exportOnce(String streamId, String source) {
        BlobStore stream = kit.store(temp.resolve(streamId));
        kit.exporter(Exporter.Settings.defaults()).export(new Exporter.Request(InstallationId.of(source),
                kit.sourceReader(), stream, streamId, "flow-" + streamId, streamId + "-m1", e -> { }));
        return stream;
    }

    private InstallationId importAll(BlobStore stream, String streamId, String destination) {
        InstallationId id = kit.newInstallation(destination);
        importInto(stream, streamId, id);
        return id;
    }

    private void importInto(BlobStore stream, String streamId, InstallationId destination) {
        kit.importer.importFiles(destination, stream, streamId, kit.format.readFileList(stream, StreamLayout.FILE_LIST),
                Importer.Mode.SKIP_IMPORTED);
    }
}
