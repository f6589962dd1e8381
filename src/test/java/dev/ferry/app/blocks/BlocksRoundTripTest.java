package dev.ferry.app.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.adapter.blocks.FileSystemBlobStore;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.flow.Endpoint;
import dev.ferry.domain.flow.FileGroupEvent;
import dev.ferry.domain.flow.Flow;
import dev.ferry.domain.flow.Movement;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.testing.IntegrationTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporter and Importer on real MariaDB, real files and the sample app's data: snapshots, diffs,
 * flows sharing a stream, skipping, unknown tables, File Group Labels, and exports from the remote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@IntegrationTest
class BlocksRoundTripTest {
    Path temp;
    BlocksKit kit;

    @BeforeAll
    void start(@TempDir Path dir) {
        temp = dir;
        kit = new BlocksKit(temp);
    }

    @AfterAll
    void stop() {
        if (kit != null) {
            kit.close();
        }
    }

    @Test
    void shouldImportAnExportedInstallation_intoAnEmptyOne_equalByContentHash_binariesIncluded() {
        // given the sample installation exported from its source database into a store
        BlobStore stream = kit.store(temp.resolve("rt1"));
        Exporter.Result export = kit.exporter(Exporter.Settings.defaults()).export(new Exporter.Request(
                InstallationId.of("blk-source"), kit.sourceReader(), stream, "src-blk-source", "rt1", "rt1-m1", e -> { }));
        InstallationId destination = kit.newInstallation("blk-rt1");

        // when the stream's File List is imported into an empty installation
        Importer.Result result = kit.importer.importFiles(destination, stream, "src-blk-source",
                kit.format.readFileList(stream, StreamLayout.FILE_LIST), Importer.Mode.SKIP_IMPORTED);

        // then every row arrived and both sides are equal row by row by content hash
        long total = BlocksKit.DATA.installation("blk-source").totalRows();
        assertThat(export.upserts()).isEqualTo(total);
        assertThat(export.files()).extracting(FileListEntry::kind).containsOnly(EventFileKind.SNAPSHOT);
        assertThat(result.upserts()).isEqualTo(total);
        VerifyInstallation.Result compared = kit.compare("blk-source", destination);
        assertThat(compared.mismatches()).as(compared.toString()).isZero();
        assertThat(compared.destinationRows()).isEqualTo(total);
        // and attachments of 64 KiB and more travelled as Binary Files, the rest inline
        assertThat(stream.list("binaries")).isNotEmpty();
    }

    @Test
    void shouldCarryOnlyTheDiff_inASecondMovement_andServeASecondDestinationFromTheSameExports() {
        // given a flow whose first movement made a snapshot and imported it
        FileSystemBlobStore store = kit.store(temp.resolve("flows"));
        Flows flows = new Flows(kit.format, store, kit.exporter(Exporter.Settings.defaults()), kit.importer, kit.clock);
        InstallationId first = kit.newInstallation("blk-flow-a");
        flows.define(new Flow("flow-a", "src-blk-tiny", Endpoint.database("blk-tiny"), Endpoint.database(first.value()),
                Instant.now()));
        Movement snapshot = flows.run("flow-a", kit.sourceReader(), Importer.Mode.SKIP_IMPORTED);
        assertThat(snapshot.exportedRecords()).isEqualTo(BlocksKit.DATA.installation("blk-tiny").totalRows());
        assertThat(kit.compare("blk-tiny", first).mismatches()).isZero();

        // when the source changes (2 updates, a new issue, 3 deletes, a new binary) and a second movement runs
        List<Object> issue = kit.source.rows("blk-tiny", "issues").get(0);
        List<Object> project = kit.source.rows("blk-tiny", "projects").get(1);
        List<Object> attachment = kit.source.rows("blk-tiny", "attachments").get(0);
        List<Object> watcher = kit.source.rows("blk-tiny", "issue_watchers").get(0);
        kit.source.updateRow("blk-tiny", "issues", List.of(issue.get(0)), Map.of("title", "changed ✓"));
        kit.source.updateRow("blk-tiny", "projects", List.of(kit.source.rows("blk-tiny", "projects").get(0).get(0)),
                Map.of("budget", new BigDecimal("99.95")));
        List<Object> newIssue = new ArrayList<>(issue);
        newIssue.set(0, kit.source.nextId("issues"));
        kit.source.insertRow("blk-tiny", "issues", newIssue);
        kit.source.deleteRow("blk-tiny", "projects", List.of(project.get(0)));
        kit.source.deleteRow("blk-tiny", "attachments", List.of(attachment.get(0)));
        kit.source.deleteRow("blk-tiny", "issue_watchers", List.of(watcher.get(0), watcher.get(1)));
        List<Object> newAttachment = new ArrayList<>(attachment);
        newAttachment.set(0, kit.source.nextId("attachments"));
        newAttachment.set(4, new byte[100_000]);
        kit.source.insertRow("blk-tiny", "attachments", newAttachment);
        Movement diff = flows.run("flow-a", kit.sourceReader(), Importer.Mode.SKIP_IMPORTED);

        // then it carried exactly the 7 changes, as diffs, and the destination is equal again
        assertThat(diff.number()).isEqualTo(2);
        assertThat(diff.exportedRecords()).isEqualTo(7);
        List<FileListEntry> diffFiles = kit.format.readFileList(flows.stream("src-blk-tiny"), StreamLayout.FILE_LIST)
                .stream().filter(e -> e.sequence() == diff.sequence()).toList();
        assertThat(diffFiles).extracting(FileListEntry::kind).containsOnly(EventFileKind.DIFF);
        assertThat(diffFiles.stream().mapToLong(FileListEntry::upserts).sum()).isEqualTo(4);
        assertThat(diffFiles.stream().mapToLong(FileListEntry::deletes).sum()).isEqualTo(3);
        assertThat(diff.importedFiles()).hasSameElementsAs(diff.exportedFiles());
        assertThat(kit.compare("blk-tiny", first).mismatches()).isZero();

        // and a movement without changes exports and imports nothing
        Movement idle = flows.run("flow-a", kit.sourceReader(), Importer.Mode.SKIP_IMPORTED);
        assertThat(idle.exportedRecords()).isZero();
        assertThat(idle.importedFiles()).isEmpty();

        // when a second flow from the same source stream runs its first movement, for another destination
        InstallationId second = kit.newInstallation("blk-flow-b");
        flows.define(new Flow("flow-b", "src-blk-tiny", Endpoint.database("blk-tiny"), Endpoint.database(second.value()),
                Instant.now()));
        Movement reuse = flows.run("flow-b", kit.sourceReader(), Importer.Mode.SKIP_IMPORTED);

        // then nothing is exported again: the snapshot and its diffs are imported, and it is equal too
        assertThat(reuse.exportedRecords()).isZero();
        assertThat(reuse.importedFiles()).hasSize(snapshot.exportedFiles().size() + diff.exportedFiles().size());
        assertThat(kit.compare("blk-tiny", second).mismatches()).isZero();
        assertThat(flows.movements("flow-a")).extracting(Movement::number).containsExactly(1, 2, 3);
    }

    @Test
    void shouldSkipImportedFiles_orRestartFromScratch_byChoice() {
        // given an installation that imported a stream
        BlobStore stream = kit.store(temp.resolve("skip"));
        kit.exporter(Exporter.Settings.defaults().withMaxRecordsPerFile(50)).export(new Exporter.Request(
                InstallationId.of("blk-source"), kit.sourceReader(), stream, "s-skip", "skip", "skip-m1", e -> { }));
        List<FileListEntry> files = kit.format.readFileList(stream, StreamLayout.FILE_LIST);
        InstallationId destination = kit.newInstallation("blk-skip");
        kit.importer.importFiles(destination, stream, "s-skip", files, Importer.Mode.SKIP_IMPORTED);

        // when the same File List is imported again, skipping, then restarting
        Importer.Result skipping = kit.importer.importFiles(destination, stream, "s-skip", files, Importer.Mode.SKIP_IMPORTED);
        Importer.Result restarting = kit.importer.importFiles(destination, stream, "s-skip", files, Importer.Mode.RESTART);

        // then skipping reads nothing, restarting applies every file again, and the data stays equal
        assertThat(files.size()).isGreaterThan(10); // parts of at most 50 records
        assertThat(skipping.skipped()).hasSize(files.size());
        assertThat(skipping.imported()).isEmpty();
        assertThat(restarting.imported()).hasSize(files.size());
        assertThat(kit.compare("blk-source", destination).mismatches()).isZero();
    }

    @Test
    void shouldIgnoreEventFilesOfTablesItDoesNotKnow() {
        // given a stream holding, next to a known data type, a file of a table the plan does not have
        BlobStore stream = kit.store(temp.resolve("unknown"));
        kit.exporter(Exporter.Settings.defaults()).export(new Exporter.Request(InstallationId.of("blk-tiny"),
                kit.sourceReader(), stream, "s-unknown", "unk", "unk-m1", e -> { }));
        DataType legacy = new DataType("legacy_notes", null, "legacy_notes", List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("note", ColumnType.STRING)), List.of("id"), 10, 9);
        FileListEntry extra;
        try (EventFileWriter writer = kit.format.create(stream, StreamLayout.eventFile("legacy-1"),
                EventFileHeader.start("legacy-1", "legacy", "unk", "unk-m1", 1, 1, EventFileKind.SNAPSHOT, legacy,
                        Instant.now()), 1024)) {
            writer.write(new EventRecord.Upsert(Row.of(1L, "from another app version")));
            extra = writer.finish();
        }
        List<FileListEntry> files = new ArrayList<>(kit.format.readFileList(stream, StreamLayout.FILE_LIST));
        files.add(extra);
        InstallationId destination = kit.newInstallation("blk-unknown");

        // when importing everything
        Importer.Result result = kit.importer.importFiles(destination, stream, "s-unknown", files, Importer.Mode.SKIP_IMPORTED);

        // then the unknown table's file is ignored without failing, and the rest imported
        assertThat(result.ignored()).containsExactly("legacy-1");
        assertThat(result.imported()).hasSize(files.size() - 1);
        assertThat(kit.compare("blk-tiny", destination).mismatches()).isZero();
    }

    @Test
    void shouldRefuseAStreamMadeForAnotherPlan_beforeWritingAnything() {
        // given a stream whose last file (issue watchers) has a column the plan does not have
        BlobStore stream = kit.store(temp.resolve("other-plan"));
        kit.exporter(Exporter.Settings.defaults()).export(new Exporter.Request(InstallationId.of("blk-tiny"),
                kit.sourceReader(), stream, "s-other", "other", "other-m1", e -> { }));
        DataType watchers = kit.plan.requireDataType("issue_watchers");
        List<Column> columns = new ArrayList<>(watchers.columns());
        columns.add(Column.nullable("muted", ColumnType.BOOLEAN));
        DataType otherWatchers = new DataType(watchers.name(), watchers.remotePath(), watchers.table(), columns,
                watchers.primaryKey(), watchers.pageSize(), watchers.order());
        FileListEntry foreign;
        try (EventFileWriter writer = kit.format.create(stream, StreamLayout.eventFile("foreign-1"),
                EventFileHeader.start("foreign-1", "issue_watchers", "other", "other-m2", 2, 1, EventFileKind.DIFF,
                        otherWatchers, Instant.now()), 1024)) {
            foreign = writer.finish();
        }
        List<FileListEntry> files = new ArrayList<>(kit.format.readFileList(stream, StreamLayout.FILE_LIST));
        files.add(foreign);
        InstallationId destination = kit.newInstallation("blk-other");

        // when importing, then it is refused naming the column, and no table received a row
        assertThatThrownBy(() -> kit.importer.importFiles(destination, stream, "s-other", files, Importer.Mode.SKIP_IMPORTED))
                .isInstanceOf(dev.ferry.domain.error.FerryException.class)
                .hasMessageContaining("unknown column muted");
        VerifyInstallation.Result compared = kit.compare("blk-tiny", destination);
        assertThat(compared.destinationRows()).isZero();
    }

    @Test
    void shouldLetImportersStartOnALabel_whileTheNextLabelIsStillToBeExported() {
        // given a flow whose export notifies per data type label, and an importer reacting to each notice
        FileSystemBlobStore store = kit.store(temp.resolve("labels"));
        Flows flows = new Flows(kit.format, store, kit.exporter(Exporter.Settings.defaults()), kit.importer, kit.clock);
        InstallationId destination = kit.newInstallation("blk-labels");
        flows.define(new Flow("labels", "s-labels", Endpoint.database("blk-tiny"), Endpoint.database(destination.value()),
                Instant.now()));
        List<String> seen = new ArrayList<>();

        // when the export runs
        flows.export("labels", "labels-m1", kit.sourceReader(), (FileGroupEvent event) -> {
            List<String> listedTypes = kit.format.readFileList(flows.stream("s-labels"), StreamLayout.FILE_LIST).stream()
                    .map(FileListEntry::dataType).distinct().toList();
            seen.add(event.label() + " notified with " + listedTypes + " exported");
            flows.importGroup(event, Importer.Mode.SKIP_IMPORTED);
        });

        // then each label was imported while later labels were not yet exported
        assertThat(seen).containsExactly(
                "projects notified with [projects] exported",
                "issues notified with [projects, issues] exported",
                "attachments notified with [projects, issues, attachments] exported",
                "issue_watchers notified with [projects, issues, attachments, issue_watchers] exported");
        assertThat(kit.compare("blk-tiny", destination).mismatches()).isZero();
    }

    @Test
    void shouldGroupDataTypesUnderOneLabel_andNotifyItOnce_withItsOwnFileList() {
        // given labels that put projects and issues in one group, attachments and watchers in another
        BlobStore stream = kit.store(temp.resolve("grouped"));
        List<FileGroupEvent> events = new ArrayList<>();
        Exporter exporter = kit.exporter(Exporter.Settings.defaults().withLabels(type ->
                type.order() <= 2 ? "core" : "extras"));

        // when exporting
        exporter.export(new Exporter.Request(InstallationId.of("blk-tiny"), kit.sourceReader(), stream, "s-grouped",
                "grouped", "grouped-m1", events::add));

        // then each label was announced once, with a File List of exactly its data types' files
        assertThat(events).extracting(FileGroupEvent::label).containsExactly("core", "extras");
        assertThat(kit.format.readFileList(stream, events.get(0).fileList())).extracting(FileListEntry::dataType)
                .containsExactly("projects", "issues");
        assertThat(kit.format.readFileList(stream, events.get(1).fileList())).extracting(FileListEntry::dataType)
                .containsExactly("attachments", "issue_watchers");
        assertThat(events.get(0).fileList()).isEqualTo("file-lists/grouped-m1/core.jsonl");
    }

    @Test
    void shouldRefuseASecondExportOfTheSameStream_whileOneRuns_andTakeOverAnExpiredLease() {
        // given two flows sharing a stream
        FileSystemBlobStore store = kit.store(temp.resolve("locked"));
        Flows flows = new Flows(kit.format, store, kit.exporter(Exporter.Settings.defaults()), kit.importer, kit.clock);
        flows.define(new Flow("lock-a", "s-locked", Endpoint.database("blk-tiny"), Endpoint.database("blk-lock-a"),
                Instant.now()));
        flows.define(new Flow("lock-b", "s-locked", Endpoint.database("blk-tiny"), Endpoint.database("blk-lock-b"),
                Instant.now()));
        kit.newInstallation("blk-lock-a");
        kit.newInstallation("blk-lock-b");
        List<String> refusals = new ArrayList<>();

        // when flow b tries to export while flow a's export is running (from a's first label notice)
        flows.export("lock-a", "lock-a-m1", kit.sourceReader(), event -> {
            if (refusals.isEmpty()) {
                try {
                    flows.export("lock-b", "lock-b-m1", kit.sourceReader(), e -> { });
                    refusals.add("not refused");
                } catch (dev.ferry.domain.error.FerryException e) {
                    refusals.add(e.code() + " " + e.getMessage());
                }
            }
        });

        // then it was refused as retryable, and once a is done the stream is free again
        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0)).startsWith("STATE_STORE_UNAVAILABLE stream s-locked is busy: lock-a-m1/");
        assertThat(store.exists(StreamLocks.name("s-locked"))).isFalse();
        assertThat(flows.run("lock-b", kit.sourceReader(), Importer.Mode.SKIP_IMPORTED).importedFiles()).isNotEmpty();

        // and a lease left behind by a crashed export (expired) is taken over
        store.write(StreamLocks.name("s-locked"), out -> out.write(kit.format.encode(new StreamLocks.Lease("s-locked",
                "crashed", Instant.now().minusSeconds(3600), Instant.now().minusSeconds(60)))));
        assertThat(flows.run("lock-a", kit.sourceReader(), Importer.Mode.SKIP_IMPORTED).number()).isEqualTo(1);
        assertThat(kit.compare("blk-tiny", InstallationId.of("blk-lock-a")).mismatches()).isZero();
        assertThat(store.exists(StreamLocks.name("s-locked"))).isFalse();
    }

    @Test
    void shouldRefuseToRedefineAFlow_withAnotherSourceOrDestination() {
        // given a recorded flow
        Flows flows = new Flows(kit.format, kit.store(temp.resolve("redefine")), kit.exporter(Exporter.Settings.defaults()),
                kit.importer, kit.clock);
        Flow flow = new Flow("same", "s-same", Endpoint.database("blk-tiny"), Endpoint.database("blk-x"), Instant.now());
        flows.define(flow);

        // when defining it again: the same is accepted, another destination refused
        assertThat(flows.define(new Flow("same", "s-same", Endpoint.database("blk-tiny"), Endpoint.database("blk-x"),
                Instant.now())).createdAt()).isEqualTo(flow.createdAt());
        assertThatThrownBy(() -> flows.define(new Flow("same", "s-same", Endpoint.database("blk-tiny"),
                Endpoint.database("blk-y"), Instant.now()))).hasMessageContaining("exists with another");
        assertThatThrownBy(() -> flows.flow("unknown")).hasMessageContaining("no flow unknown");
    }

    @Test
    void shouldExportFromTheRemoteContract_asFromTheDatabase() {
        // given the sample remote serving the source over HTTP with signed tokens
        try (SampleRemoteServer remote = SampleRemoteServer.start(kit.source, BlocksKit.REMOTE_SECRET)) {
            RemoteEndpoints client = BlocksKit.remoteClient(remote);
            BlobStore stream = kit.store(temp.resolve("remote"));

            // when the exporter reads the installation through the contract, and the files are imported
            kit.exporter(Exporter.Settings.defaults()).export(new Exporter.Request(InstallationId.of("blk-source"),
                    new RemoteRowReader(client.pages()), stream, "s-remote", "remote", "remote-m1", e -> { }));
            InstallationId destination = kit.newInstallation("blk-remote");
            kit.importer.importFiles(destination, stream, "s-remote",
                    kit.format.readFileList(stream, StreamLayout.FILE_LIST), Importer.Mode.SKIP_IMPORTED);

            // then the destination equals the source database
            VerifyInstallation.Result compared = kit.compare("blk-source", destination);
            assertThat(compared.mismatches()).as(compared.toString()).isZero();
            assertThat(compared.destinationRows()).isEqualTo(BlocksKit.DATA.installation("blk-source").totalRows());
        }
    }

}
