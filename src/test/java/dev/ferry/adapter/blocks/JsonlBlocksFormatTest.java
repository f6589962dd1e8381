package dev.ferry.adapter.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.eventfile.MalformedEventFileException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlBlocksFormatTest {
    static final DataType EVERY_TYPE = new DataType("things", "things", "things", List.of(
            new Column("id", ColumnType.INTEGER, 8, null, null, false, true), // BIGINT UNSIGNED
            Column.of("code", ColumnType.STRING),
            new Column("amount", ColumnType.DECIMAL, null, 30, 10, true),
            Column.nullable("ratio", ColumnType.DOUBLE),
            Column.nullable("active", ColumnType.BOOLEAN),
            Column.nullable("day", ColumnType.DATE),
            Column.nullable("at", ColumnType.DATETIME),
            Column.nullable("stamp", ColumnType.TIMESTAMP),
            Column.nullable("doc", ColumnType.JSON),
            Column.nullable("blob", ColumnType.BINARY)), List.of("id", "code"), 100, 1);

    @TempDir
    Path dir;
    FileSystemBlobStore store;
    JsonlBlocksFormat format;

    @BeforeEach
    void setUp() {
        store = new FileSystemBlobStore(dir.resolve("store"));
        format = new JsonlBlocksFormat(dir.resolve("spool"));
    }

    @Test
    void shouldRoundTripEveryColumnType_withSmallBinariesInlineAndLargeOnesAsBinaryFiles() {
        // given rows with every type, exact decimals, huge integers, Unicode, nested JSON and two binary sizes
        byte[] small = bytes(100, 1);
        byte[] large = bytes(70_001, 2);
        Row first = Row.of(new BigInteger("18446744073709551615"), "ü-✓-😀",
                new BigDecimal("12345678901234567890.0000000001"), 1.5e-7, true, LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 3, 1, 10, 0, 0, 123_456_000), LocalDateTime.of(1999, 12, 31, 23, 59, 59),
                new JsonText("{\"b\": [1, 2.50, \"x\"], \"a\": {\"n\": null}}"), small);
        Row second = Row.of(2L, "two", null, null, null, null, null, null, new JsonText("\"just a string\""), large);
        Row third = Row.of(3L, "three", BigDecimal.ZERO, 0.0, false, null, null, null, null, new byte[0]);

        // when they are written as an Event File with a 64 KiB binary threshold, then read back
        FileListEntry entry;
        try (EventFileWriter writer = format.create(store, "events/f1.jsonl", header("f1"), 64 * 1024)) {
            writer.write(new EventRecord.Upsert(first));
            writer.write(new EventRecord.Upsert(second));
            writer.write(new EventRecord.Upsert(third));
            writer.write(new EventRecord.Delete(List.of(9L, "gone")));
            entry = writer.finish();
        }
        List<EventRecord> read = readAll("events/f1.jsonl");

        // then every value comes back equal by content hash, in order, with the delete's typed key
        assertThat(read).hasSize(4);
        assertThat(((EventRecord.Upsert) read.get(0)).row()).isEqualTo(first);
        assertThat(((EventRecord.Upsert) read.get(1)).row()).isEqualTo(second);
        assertThat(((EventRecord.Upsert) read.get(2)).row()).isEqualTo(third);
        assertThat(((EventRecord.Delete) read.get(3)).key()).containsExactly(9L, "gone");
        // and the large binary is a Binary File named by its checksum, the small one inline
        assertThat(store.list("binaries")).containsExactly(BinaryFiles.name(BinaryFiles.id(large)));
        // and the File List entry describes the file
        assertThat(entry.records()).isEqualTo(4);
        assertThat(entry.upserts()).isEqualTo(3);
        assertThat(entry.deletes()).isEqualTo(1);
        assertThat(entry.bytes()).isEqualTo(store.size("events/f1.jsonl"));
    }

    @Test
    void shouldWriteTheHeaderFirst_withAtlassianFieldsAndFerrysOwn() throws IOException {
        // given a finished file with two records
        try (EventFileWriter writer = format.create(store, "events/f2.jsonl", header("f2"), 1024)) {
            writer.write(new EventRecord.Upsert(Row.of(1L, "a", null, null, null, null, null, null, null, null)));
            writer.write(new EventRecord.Delete(List.of(2L, "b")));
            writer.finish();
        }

        // when reading its first line as text
        String firstLine = lines("events/f2.jsonl").get(0);

        // then it is the header, with the row count known only at the end
        assertThat(firstLine).startsWith("{\"type\":\"header\",\"formatVersion\":1,\"fileId\":\"f2\"")
                .contains("\"fileGroupLabel\":\"things\"", "\"flowId\":\"flow-1\"", "\"movementId\":\"flow-1-m1\"",
                        "\"sequence\":1", "\"table\":\"things\"", "\"primaryKeys\":[\"id\",\"code\"]",
                        "\"rowCount\":2", "\"exportTime\":\"2026-04-10T09:00:00Z\"",
                        "{\"name\":\"amount\",\"type\":\"DECIMAL\",\"size\":null,\"precision\":30,\"scale\":10,\"nullable\":true}");
    }

    @Test
    void shouldRejectAMalformedRecord_withItsLineNumber() throws IOException {
        // given a valid file whose third line is then broken
        writeTwoRecords("events/bad.jsonl");
        List<String> lines = lines("events/bad.jsonl");
        lines.set(2, "{\"op\":\"upsert\",\"values\":[1,");
        rewrite("events/bad.jsonl", lines);

        // when reading it, then the error names the file and line 3
        assertThatThrownBy(() -> readAll("events/bad.jsonl"))
                .isInstanceOf(MalformedEventFileException.class)
                .hasMessageStartingWith("events/bad.jsonl line 3: ")
                .satisfies(e -> assertThat(((MalformedEventFileException) e).line()).isEqualTo(3));
    }

    @Test
    void shouldRejectAValueOfTheWrongType_orArity_withItsLineNumber() throws IOException {
        // given records with a string in an integer column (line 2) and a missing value (line 3)
        writeTwoRecords("events/types.jsonl");
        List<String> lines = lines("events/types.jsonl");
        lines.set(1, "{\"op\":\"upsert\",\"values\":[\"x\",\"a\",null,null,null,null,null,null,null,null]}");
        rewrite("events/types.jsonl", lines);

        // when / then
        assertThatThrownBy(() -> readAll("events/types.jsonl"))
                .isInstanceOf(MalformedEventFileException.class)
                .hasMessageContaining("line 2: column id expects a number");

        lines.set(1, "{\"op\":\"upsert\",\"values\":[1,\"a\"]}");
        rewrite("events/types.jsonl", lines);
        assertThatThrownBy(() -> readAll("events/types.jsonl"))
                .hasMessageContaining("line 2: \"values\" has 2 values, expected 10");

        lines.set(1, "{\"op\":\"merge\",\"values\":[]}");
        rewrite("events/types.jsonl", lines);
        assertThatThrownBy(() -> readAll("events/types.jsonl"))
                .hasMessageContaining("line 2: unknown op \"merge\"");
    }

    @Test
    void shouldRejectATruncatedFile_whoseRecordCountIsShortOfTheHeader() throws IOException {
        // given a file of two records whose last line is lost
        writeTwoRecords("events/short.jsonl");
        List<String> lines = lines("events/short.jsonl");
        rewrite("events/short.jsonl", lines.subList(0, 2));

        // when / then
        assertThatThrownBy(() -> readAll("events/short.jsonl"))
                .isInstanceOf(MalformedEventFileException.class)
                .hasMessageContaining("line 3: the header announces 2 records but the file ends after 1");
    }

    @Test
    void shouldRejectAFileWithoutHeader_atLineOne() throws IOException {
        // given a file that starts with a record
        store.write("events/nohead.jsonl", out -> out.write("{\"op\":\"delete\",\"key\":[1]}\n".getBytes(StandardCharsets.UTF_8)));

        // when / then
        assertThatThrownBy(() -> format.open(store, "events/nohead.jsonl"))
                .isInstanceOf(MalformedEventFileException.class)
                .hasMessageStartingWith("events/nohead.jsonl line 1: invalid header");
    }

    @Test
    void shouldRefuseABinaryFileWhoseContentNoLongerMatchesItsId() throws IOException {
        // given a file referring to a Binary File that is then altered
        byte[] large = bytes(2_000, 3);
        try (EventFileWriter writer = format.create(store, "events/bin.jsonl", header("bin"), 1_000)) {
            writer.write(new EventRecord.Upsert(Row.of(1L, "a", null, null, null, null, null, null, null, large)));
            writer.finish();
        }
        String binary = BinaryFiles.name(BinaryFiles.id(large));
        large[10] ^= 1;
        store.write(binary, out -> out.write(large));

        // when / then
        assertThatThrownBy(() -> readAll("events/bin.jsonl"))
                .isInstanceOf(MalformedEventFileException.class)
                .hasMessageContaining("line 2: binary file").hasMessageContaining("does not match its checksum");
    }

    @Test
    void shouldRoundTripAFileList_andRejectABadLineByNumber() throws IOException {
        // given two entries
        FileListEntry a = new FileListEntry("f1", "events/f1.jsonl", "things", "flow-1", "flow-1-m1", 1, 1,
                EventFileKind.SNAPSHOT, "things", "things", 3, 3, 0, 120, "a".repeat(64), Instant.parse("2026-04-10T09:00:00Z"));
        FileListEntry b = new FileListEntry("f2", "events/f2.jsonl", "other", "flow-1", "flow-1-m2", 2, 1,
                EventFileKind.DIFF, "other", "other", 2, 1, 1, 80, "b".repeat(64), Instant.parse("2026-04-11T09:00:00Z"));

        // when written and read back
        format.writeFileList(store, "file-list.jsonl", List.of(a, b));

        // then
        assertThat(format.readFileList(store, "file-list.jsonl")).containsExactly(a, b);
        assertThat(format.readFileList(store, "missing.jsonl")).isEmpty();

        List<String> lines = lines("file-list.jsonl");
        lines.set(1, "{\"fileId\":\"f2\"}");
        rewrite("file-list.jsonl", lines);
        assertThatThrownBy(() -> format.readFileList(store, "file-list.jsonl"))
                .isInstanceOf(MalformedEventFileException.class).hasMessageStartingWith("file-list.jsonl line 2: ");
    }

    private EventFileHeader header(String fileId) {
        return EventFileHeader.start(fileId, "things", "flow-1", "flow-1-m1", 1, 1, EventFileKind.SNAPSHOT, EVERY_TYPE,
                Instant.parse("2026-04-10T09:00:00Z"));
    }

    private void writeTwoRecords(String name) {
        try (EventFileWriter writer = format.create(store, name, header("two"), 1024)) {
            writer.write(new EventRecord.Upsert(Row.of(1L, "a", null, null, null, null, null, null, null, null)));
            writer.write(new EventRecord.Upsert(Row.of(2L, "b", null, null, null, null, null, null, null, null)));
            writer.finish();
        }
    }

    private List<EventRecord> readAll(String name) {
        List<EventRecord> records = new ArrayList<>();
        try (EventFileReader reader = format.open(store, name)) {
            for (EventRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }

    private List<String> lines(String name) throws IOException {
        return new ArrayList<>(Files.readAllLines(store.root().resolve(name), StandardCharsets.UTF_8));
    }

    private void rewrite(String name, List<String> lines) throws IOException {
        Files.write(store.root().resolve(name), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }
}
