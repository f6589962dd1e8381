package dev.ferry.domain.eventfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.flow.Endpoint;
import dev.ferry.domain.flow.Flow;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFileModelTest {
    static final DataType WATCHERS = new DataType("issue_watchers", "issue-watchers", "issue_watchers",
            List.of(Column.of("issue_id", ColumnType.INTEGER), Column.of("user_key", ColumnType.STRING),
                    Column.of("since", ColumnType.TIMESTAMP)), List.of("user_key", "issue_id"), 10, 1);
    static final Instant T = Instant.parse("2026-04-10T09:00:00Z");

    @Test
    void shouldDescribeTheDataTypesColumnsAndKey_inTheHeader() {
        // given a data type whose key is not in column order
        // when a header is started for it
        EventFileHeader header = EventFileHeader.start("f-1", "watchers", "flow", "flow-m1", 3, 2, EventFileKind.DIFF,
                WATCHERS, T);

        // then it carries the plan's columns, table and key, and finds the key columns by name
        assertThat(header.formatVersion()).isEqualTo(EventFileHeader.FORMAT_VERSION);
        assertThat(header.table()).isEqualTo("issue_watchers");
        assertThat(header.primaryKeyIndexes()).containsExactly(1, 0);
        assertThat(header.keyColumns()).extracting(Column::name).containsExactly("user_key", "issue_id");
        assertThat(header.rowCount()).isZero();
        assertThat(header.withRowCount(7).rowCount()).isEqualTo(7);
    }

    @Test
    void shouldRefuseHeadersThatCannotBeTrusted() {
        // given the parts of a valid header
        // when one of them is wrong, then the header is refused
        assertThatThrownBy(() -> new EventFileHeader(2, "f", "l", "fl", "m", 1, 1, EventFileKind.SNAPSHOT, "t", "t",
                WATCHERS.columns(), List.of("user_key"), 0, T)).hasMessageContaining("format version 2");
        assertThatThrownBy(() -> new EventFileHeader(1, "../escape", "l", "fl", "m", 1, 1, EventFileKind.SNAPSHOT, "t",
                "t", WATCHERS.columns(), List.of("user_key"), 0, T)).hasMessageContaining("fileId");
        assertThatThrownBy(() -> new EventFileHeader(1, "f", "l", "fl", "m", 1, 1, EventFileKind.SNAPSHOT, "t", "t",
                WATCHERS.columns(), List.of("nope"), 0, T)).hasMessageContaining("primary key nope");
        List<Column> twice = new ArrayList<>(WATCHERS.columns());
        twice.add(Column.of("SINCE", ColumnType.STRING));
        assertThatThrownBy(() -> new EventFileHeader(1, "f", "l", "fl", "m", 1, 1, EventFileKind.SNAPSHOT, "t", "t",
                twice, List.of("user_key"), 0, T)).hasMessageContaining("duplicate column");
        assertThatThrownBy(() -> new EventFileHeader(1, "f", "l", "fl", "m", 0, 1, EventFileKind.SNAPSHOT, "t", "t",
                WATCHERS.columns(), List.of("user_key"), 0, T)).hasMessageContaining("sequence");
    }

    @Test
    void shouldKeepFileListEntriesConsistent_andOrderThemForApplying() {
        // given entries of two exports, listed out of order
        FileListEntry later = entry("b", 2, "issues", 1);
        FileListEntry earlierPart2 = entry("c", 1, "issues", 2);
        FileListEntry earlier = entry("a", 1, "issues", 1);

        // when sorted for applying
        List<FileListEntry> sorted = new ArrayList<>(List.of(later, earlierPart2, earlier));
        sorted.sort(FileListEntry.APPLY_ORDER);

        // then the first export's parts come first, in part order
        assertThat(sorted).containsExactly(earlier, earlierPart2, later);
        assertThatThrownBy(() -> new FileListEntry("x", "events/x.jsonl", "l", "f", "m", 1, 1, EventFileKind.DIFF, "t",
                "t", 3, 1, 1, 10, "a".repeat(64), T)).hasMessageContaining("upserts + deletes");
        assertThatThrownBy(() -> new FileListEntry("x", "events/x.jsonl", "l", "f", "m", 1, 1, EventFileKind.DIFF, "t",
                "t", 2, 1, 1, 10, "not-a-sha", T)).hasMessageContaining("sha256");
    }

    @Test
    void shouldNameBinaryFilesByTheirSha256() {
        // given some bytes
        byte[] bytes = "content".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // when naming their Binary File
        String id = BinaryFiles.id(bytes);

        // then the id is the SHA-256 in hex, under binaries/
        assertThat(id).isEqualTo("ed7002b439e9ac845f22357d822bac1444730fbdb6016d3ec9432297b9ec9f73");
        assertThat(BinaryFiles.isValidId(id)).isTrue();
        assertThat(BinaryFiles.isValidId("../x")).isFalse();
        assertThat(BinaryFiles.name(id)).isEqualTo("binaries/" + id);
    }

    @Test
    void shouldOnlyLetFlowsEndInAnInstallationDatabase_withIdsSafeForFileNames() {
        // given / when / then
        assertThat(new Flow("f1", "s1", Endpoint.remote("acme"), Endpoint.database("acme-copy"), T).source().kind())
                .isEqualTo(Endpoint.Kind.REMOTE);
        assertThatThrownBy(() -> new Flow("f1", "s1", Endpoint.database("acme"), Endpoint.remote("acme-copy"), T))
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> new Flow("f/1", "s1", Endpoint.database("a"), Endpoint.database("b"), T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Flow("f".repeat(101), "s1", Endpoint.database("a"), Endpoint.database("b"), T))
                .hasMessageContaining("at most 100");
        assertThatThrownBy(() -> Endpoint.database("Not Valid")).hasMessageContaining("invalid installation id");
    }

    private static FileListEntry entry(String id, long sequence, String type, int part) {
        return new FileListEntry(id, "events/" + id + ".jsonl", type, "f", "f-m" + sequence, sequence, part,
                sequence == 1 ? EventFileKind.SNAPSHOT : EventFileKind.DIFF, type, type, 1, 1, 0, 10, "a".repeat(64), T);
    }
}
