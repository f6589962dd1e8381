package dev.ferry.app.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.DamagedArchiveException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Backup archives on real MariaDB and files: restore into fresh and changed installations, refusal of damaged archives. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupsTest {
    Path temp;
    BlocksKit kit;
    Path archive;
    int scratch;

    @BeforeAll
    void start(@TempDir Path dir) {
        temp = dir;
        kit = new BlocksKit(temp);
        archive = temp.resolve("blk-source.zip");
        kit.backups().backup(InstallationId.of("blk-source"), kit.sourceReader(), kit.store(temp.resolve("backup")), archive);
    }

    @AfterAll
    void stop() {
        if (kit != null) {
            kit.close();
        }
    }

    @Test
    void shouldRestoreABackup_intoAFreshInstallation_equalByContentHash() {
        // given a backup archive of the sample installation (written in setup)
        InstallationId fresh = kit.newInstallation("blk-restored");

        // when it is restored into an installation that does not exist yet
        Backups.RestoreResult result = kit.backups().restore(archive, scratch(), fresh, kit.destinationReader());

        // then the new installation equals the source, binaries included
        assertThat(result.manifest().installation()).isEqualTo("blk-source");
        assertThat(result.manifest().entries()).anyMatch(e -> e.path().startsWith(BinaryFiles.DIRECTORY));
        assertThat(result.imported().upserts()).isEqualTo(BlocksKit.DATA.installation("blk-source").totalRows());
        assertThat(kit.compare("blk-source", fresh).mismatches()).isZero();
    }

    @Test
    void shouldRestoreABackup_intoTheSameInstallation_undoingLaterChanges() {
        // given an installation restored from the backup, then changed: a row deleted, one edited, one added
        InstallationId installation = kit.newInstallation("blk-changed");
        kit.backups().restore(archive, scratch(), installation, kit.destinationReader());
        DataType projects = kit.plan.requireDataType("projects");
        List<Row> rows = new ArrayList<>();
        kit.destinationReader().forEachRow(installation, projects, rows::add);
        kit.deleter.delete(installation, projects, List.of(List.of(rows.get(0).get(0))));
        MySqlRowSink sink = new MySqlRowSink(kit.dataSource, kit.databases);
        List<Object> edited = new ArrayList<>(rows.get(1).values());
        edited.set(1, "edited after the backup");
        sink.upsert(installation, projects, List.of(new Row(edited),
                Row.of(9_999_999L, "added after the backup", new BigDecimal("1.00"), false, null, LocalDateTime.now().withNano(0))));
        assertThat(kit.compare("blk-source", installation).mismatches()).isEqualTo(3);

        // when the backup is restored into it again
        Backups.RestoreResult result = kit.backups().restore(archive, scratch(), installation, kit.destinationReader());

        // then it equals the backup again: the deleted row is back, the edit undone, the added row gone
        assertThat(result.extraRowsDeleted()).isEqualTo(1);
        assertThat(kit.compare("blk-source", installation).mismatches()).isZero();
    }

    @Test
    void shouldRefuseATruncatedArchive_beforeWritingAnything() throws IOException {
        // given copies of the archive cut short at several places
        byte[] whole = Files.readAllBytes(archive);
        for (int keep : new int[] {whole.length - 10, whole.length / 2, 100, 0}) {
            Path truncated = temp.resolve("truncated-" + keep + ".zip");
            Files.write(truncated, java.util.Arrays.copyOf(whole, keep));
            InstallationId target = kit.newInstallation("blk-trunc-" + keep);

            // when restoring, then it is refused and the installation database was never created
            assertThatThrownBy(() -> kit.backups().restore(truncated, scratch(), target, kit.destinationReader()))
                    .as("cut to " + keep + " bytes").isInstanceOf(DamagedArchiveException.class)
                    .hasMessageStartingWith("damaged backup archive: ");
            assertThat(kit.exists(target)).isFalse();
        }
    }

    @Test
    void shouldRefuseAnArchiveWithAnEditedEntry_beforeWritingAnything() throws IOException {
        // given a well-formed zip in which one byte of an Event File was changed
        Path edited = rewrite("edited.zip", (name, bytes) -> {
            if (name.startsWith("events/") && name.contains("projects")) {
                bytes[bytes.length - 5] ^= 1;
            }
            return bytes;
        });
        InstallationId target = kit.newInstallation("blk-edited");

        // when / then
        assertThatThrownBy(() -> kit.backups().restore(edited, scratch(), target, kit.destinationReader()))
                .isInstanceOf(DamagedArchiveException.class).hasMessageContaining("does not match the manifest");
        assertThat(kit.exists(target)).isFalse();
    }

    @Test
    void shouldRefuseAnArchiveWithAnExtraOrMissingEntry() throws IOException {
        // given an archive with an entry the manifest does not list, and one with a listed entry removed
        Path extra = rewrite("extra.zip", (name, bytes) -> bytes, "events/smuggled.jsonl");
        Path missing = rewrite("missing.zip", (name, bytes) -> name.startsWith("binaries/") ? null : bytes);
        InstallationId target = kit.newInstallation("blk-extra");

        // when / then
        assertThatThrownBy(() -> kit.backups().restore(extra, scratch(), target, kit.destinationReader()))
                .isInstanceOf(DamagedArchiveException.class).hasMessageContaining("events/smuggled.jsonl is not in the manifest");
        assertThatThrownBy(() -> kit.backups().restore(missing, scratch(), target, kit.destinationReader()))
                .isInstanceOf(DamagedArchiveException.class).hasMessageContaining("listed in the manifest is missing");
        assertThat(kit.exists(target)).isFalse();
    }

    @Test
    void shouldRefuseAMalformedEventFile_evenWithAMatchingManifest_namingItsLine() throws IOException {
        // given an archive whose Event File has a broken line 2 and whose manifest was updated to match
        String[] broken = new String[1];
        Path malformed = rewrite("malformed.zip", (name, bytes) -> {
            if (name.startsWith("events/") && name.contains("issues")) {
                broken[0] = name;
                String text = new String(bytes, StandardCharsets.UTF_8);
                int secondLine = text.indexOf('\n') + 1;
                return (text.substring(0, secondLine) + "{\"op\":\"upsert\",\"values\":[1,2" + text.substring(text.indexOf('\n', secondLine)))
                        .getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        });
        InstallationId target = kit.newInstallation("blk-malformed");

        // when / then
        assertThatThrownBy(() -> kit.backups().restore(malformed, scratch(), target, kit.destinationReader()))
                .isInstanceOf(DamagedArchiveException.class).hasMessageContaining(broken[0] + " line 2: ");
        assertThat(kit.exists(target)).isFalse();
    }

    private dev.ferry.app.port.BlobStore scratch() {
        return kit.store(temp.resolve("scratch-" + (++scratch)));
    }

    /**
     * Copies the archive entry by entry through {@code edit} (null drops the entry), writing a manifest
     * that matches the edited entries unless the edit is meant to be caught by checksums
     * ({@code fixManifest} false for edits of content), and adding {@code extraEntries}.
     */
    private Path rewrite(String name, BiFunction<String, byte[], byte[]> edit, String... extraEntries) throws IOException {
        boolean fixManifest = name.equals("malformed.zip");
        Path target = temp.resolve(name);
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                byte[] changed = entry.getName().equals(BackupManifest.NAME) ? bytes : edit.apply(entry.getName(), bytes);
                if (changed != null) {
                    names.add(entry.getName());
                    contents.add(changed);
                }
            }
        }
        if (fixManifest) {
            // a consistent forgery: the File List entries and the manifest match the edited files
            dev.ferry.app.port.BlobStore tmp = kit.store(temp.resolve("forge-" + (++scratch)));
            tmp.write(StreamLayout.FILE_LIST, out -> out.write(contents.get(names.indexOf(StreamLayout.FILE_LIST))));
            List<dev.ferry.domain.eventfile.FileListEntry> listed = new ArrayList<>();
            for (dev.ferry.domain.eventfile.FileListEntry e : kit.format.readFileList(tmp, StreamLayout.FILE_LIST)) {
                byte[] bytes = contents.get(names.indexOf(e.name()));
                listed.add(new dev.ferry.domain.eventfile.FileListEntry(e.fileId(), e.name(), e.fileGroupLabel(), e.flowId(),
                        e.movementId(), e.sequence(), e.part(), e.kind(), e.dataType(), e.table(), e.records(), e.upserts(),
                        e.deletes(), bytes.length, HexFormat.of().formatHex(BinaryFiles.sha256().digest(bytes)), e.exportTime()));
            }
            kit.format.writeFileList(tmp, StreamLayout.FILE_LIST, listed);
            try (InputStream in = tmp.open(StreamLayout.FILE_LIST)) {
                contents.set(names.indexOf(StreamLayout.FILE_LIST), in.readAllBytes());
            }
            BackupManifest manifest = kit.format.decode(contents.get(0), BackupManifest.class, "manifest");
            List<BackupManifest.Entry> fixed = new ArrayList<>();
            for (BackupManifest.Entry e : manifest.entries()) {
                byte[] bytes = contents.get(names.indexOf(e.path()));
                fixed.add(new BackupManifest.Entry(e.path(), bytes.length,
                        HexFormat.of().formatHex(BinaryFiles.sha256().digest(bytes))));
            }
            contents.set(0, kit.format.encode(new BackupManifest(manifest.formatVersion(), manifest.installation(),
                    manifest.plan(), manifest.streamId(), manifest.createdAt(), manifest.rows(), fixed)));
        }
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                zip.write(contents.get(i));
                zip.closeEntry();
            }
            for (String extra : extraEntries) {
                zip.putNextEntry(new ZipEntry(extra));
                zip.write("{}".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return target;
    }
}
