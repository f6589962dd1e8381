package dev.ferry.adapter.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.testing.MySqlTypeSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every MySQL type in an Event File: its JSON form, its header attributes, and a read back to the same hash. */
class MySqlTypesEventFileTest {
    private static final DataType TYPES = MySqlTypeSamples.EVERY_TYPE;

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripEveryType_andWriteEachInItsDocumentedForm() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("store"));
        JsonlBlocksFormat format = new JsonlBlocksFormat(dir.resolve("spool"));
        List<Row> rows = MySqlTypeSamples.rows();
        EventFileHeader header = EventFileHeader.start("f1", "every_type", "flow-1", "flow-1-m1", 1, 1,
                EventFileKind.SNAPSHOT, TYPES, Instant.parse("2026-04-10T09:00:00Z"));

        try (EventFileWriter writer = format.create(store, "events/f1.jsonl", header, 64 * 1024)) {
            rows.forEach(r -> writer.write(new EventRecord.Upsert(r)));
            writer.finish();
        }
        List<Row> read = new ArrayList<>();
        try (EventFileReader reader = format.open(store, "events/f1.jsonl")) {
            assertThat(reader.header().columns()).isEqualTo(TYPES.columns());
            for (EventRecord r = reader.next(); r != null; r = reader.next()) {
                read.add(((EventRecord.Upsert) r).row());
            }
        }

        assertThat(read.stream().map(RowHash::of).toList()).isEqualTo(rows.stream().map(RowHash::of).toList());
        List<String> lines;
        try (InputStream in = store.open("events/f1.jsonl")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode columns = json.readTree(lines.get(0)).get("columns");
        assertThat(columns.get(index("t")).toString()).contains("\"fsp\":6");
        assertThat(columns.get(index("tags")).get("members").toString()).isEqualTo("[\"red\",\"green\",\"blue\"]");
        assertThat(columns.get(index("code")).toString()).contains("\"fixed\":true", "\"charset\":\"ascii\"",
                "\"collation\":\"ascii_bin\"");
        assertThat(columns.get(index("pt")).toString()).contains("\"geometry\":\"POINT\"");
        assertThat(columns.get(index("id")).toString()).doesNotContain("fsp", "members", "charset");
        JsonNode max = json.readTree(lines.get(4)).get("values");
        assertThat(max.get(index("fl")).toString()).isEqualTo("340282330000000000000000000000000000000");
        assertThat(max.get(index("b64")).toString()).isEqualTo("18446744073709551615");
        assertThat(max.get(index("y")).toString()).isEqualTo("2155");
        assertThat(max.get(index("t")).textValue()).isEqualTo("838:59:59");
        assertThat(max.get(index("tags")).textValue()).isEqualTo("red,green,blue");
        assertThat(max.get(index("uuid")).textValue()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(max.get(index("g")).textValue()).startsWith("5hAAAAED"); // SRID 4326 little-endian, then LE WKB of a polygon
        JsonNode fractions = json.readTree(lines.get(3)).get("values");
        assertThat(fractions.get(index("t")).textValue()).isEqualTo("-00:00:00.500");
        assertThat(fractions.get(index("fl")).toString()).isEqualTo("0.1");
        assertThat(fractions.get(index("ts")).textValue()).isEqualTo("2024-03-01T08:15:30.5Z");
    }

    private static int index(String column) {
        return TYPES.columnNames().indexOf(column);
    }
}
