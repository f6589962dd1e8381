package dev.ferry.adapter.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.domain.convert.ValueConverter;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.MalformedEventFileException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an Event File line by line. The header is read and checked when the reader opens; each
 * record is parsed and its values converted to the header's column types by the core's
 * {@link ValueConverter} (binary references are loaded from {@code binaries/} and checked against
 * their id). Every problem is a {@link MalformedEventFileException} with the file and line.
 */
final class JsonlEventFileReader implements EventFileReader {
    private final ObjectMapper json;
    private final BlobStore stream;
    private final String name;
    private final InputStream in;
    private final Lines lines;
    private final EventFileHeader header;
    private final List<Column> keyColumns;
    private long records;
    private boolean ended;

    JsonlEventFileReader(ObjectMapper json, BlobStore stream, String name) {
        this.json = json;
        this.stream = stream;
        this.name = name;
        this.in = stream.open(name);
        this.lines = new Lines(in, name);
        try {
            this.header = readHeader();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.keyColumns = header.keyColumns();
    }

    @Override
    public EventFileHeader header() {
        return header;
    }

    @Override
    public EventRecord next() {
        if (ended) {
            return null;
        }
        String line = readLine();
        if (line == null) {
            ended = true;
            if (records != header.rowCount()) {
                throw malformed(lines.number() + 1, "the header announces " + header.rowCount() + " records but the file"
                        + " ends after " + records + " (truncated?)");
            }
            return null;
        }
        records++;
        if (records > header.rowCount()) {
            throw malformed(lines.number(), "more records than the header's rowCount " + header.rowCount());
        }
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a record must be a JSON object");
            }
            String op = node.path("op").asText("");
            return switch (op) {
                case "upsert" -> new EventRecord.Upsert(new Row(convert(node.get("values"), header.columns(), "values")));
                case "delete" -> new EventRecord.Delete(convert(node.get("key"), keyColumns, "key"));
                default -> throw new IllegalArgumentException("unknown op " + excerpt(node.path("op").toString())
                        + " (expected upsert or delete)");
            };
        } catch (MalformedEventFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw malformed(lines.number(), JsonlBlocksFormat.firstLine(e));
        }
    }

    private List<Object> convert(JsonNode array, List<Column> columns, String field) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an array");
        }
        if (array.size() != columns.size()) {
            throw new IllegalArgumentException("\"" + field + "\" has " + array.size() + " values, expected "
                    + columns.size());
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(columns.get(i), array.get(i));
        }
        return Arrays.asList(values);
    }

    private Object value(Column column, JsonNode node) {
        if ((column.type() == ColumnType.BINARY || column.type() == ColumnType.GEOMETRY) && node.isObject()
                && node.has("binaryFileId")) {
            byte[] bytes = binary(column, node);
            return column.type() == ColumnType.BINARY ? bytes
                    : ValueConverter.convert(column, java.util.Base64.getEncoder().encodeToString(bytes));
        }
        Object raw;
        if (node.isNull()) {
            raw = null;
        } else if (column.type() == ColumnType.JSON) {
            raw = new JsonText(node.toString());
        } else if (node.isNumber()) {
            raw = node.decimalValue();
        } else if (node.isTextual()) {
            raw = node.textValue();
        } else if (node.isBoolean()) {
            raw = node.booleanValue();
        } else {
            raw = new JsonText(node.toString());
        }
        return ValueConverter.convert(column, raw);
    }

    private byte[] binary(Column column, JsonNode node) {
        String id = node.path("binaryFileId").asText(null);
        if (!BinaryFiles.isValidId(id)) {
            throw new IllegalArgumentException("column " + column.name() + ": invalid binaryFileId");
        }
        byte[] bytes;
        try (InputStream content = stream.open(BinaryFiles.name(id))) {
            long expected = node.path("bytes").asLong(-1);
            if (column.size() != null && expected > column.size()) {
                throw new IllegalArgumentException("column " + column.name() + ": binary file of " + expected
                        + " bytes, column holds " + column.size());
            }
            bytes = content.readAllBytes();
            if (bytes.length != expected) {
                throw new IllegalArgumentException("binary file " + id + " has " + bytes.length + " bytes, the record says "
                        + expected);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("binary file " + id + " cannot be read: " + e.getMessage());
        } catch (FerryException e) {
            throw new IllegalArgumentException("binary file " + id + ": " + e.getMessage());
        }
        if (!BinaryFiles.id(bytes).equals(id)) {
            throw new IllegalArgumentException("binary file " + id + " does not match its checksum");
        }
        if (column.size() != null && bytes.length > column.size()) {
            throw new IllegalArgumentException("column " + column.name() + " holds " + column.size() + " bytes");
        }
        return bytes;
    }

    private EventFileHeader readHeader() {
        String line = readLine();
        if (line == null) {
            throw malformed(1, "empty file: no header line");
        }
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject() || !"header".equals(node.path("type").asText())) {
                throw new IllegalArgumentException("the first line must be the header ({\"type\":\"header\",…})");
            }
            int version = node.path("formatVersion").asInt(-1);
            if (version != EventFileHeader.FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported formatVersion " + node.path("formatVersion")
                        + " (this reader knows " + EventFileHeader.FORMAT_VERSION + ")");
            }
            List<Column> columns = new ArrayList<>();
            JsonNode columnNodes = node.path("columns");
            if (!columnNodes.isArray()) {
                throw new IllegalArgumentException("\"columns\" must be an array");
            }
            for (JsonNode c : columnNodes) {
                columns.add(ColumnJson.read(c));
            }
            List<String> keys = new ArrayList<>();
            node.path("primaryKeys").forEach(k -> keys.add(k.asText()));
            if (!node.path("rowCount").canConvertToLong() || !node.path("sequence").canConvertToLong()) {
                throw new IllegalArgumentException("rowCount and sequence must be numbers");
            }
            return new EventFileHeader(version, required(node, "fileId"), required(node, "fileGroupLabel"),
                    required(node, "flowId"), required(node, "movementId"), node.path("sequence").asLong(),
                    node.path("part").asInt(1), EventFileKind.valueOf(required(node, "kind")), required(node, "dataType"),
                    required(node, "table"), columns, keys, node.path("rowCount").asLong(),
                    Instant.parse(required(node, "exportTime")));
        } catch (IOException | RuntimeException e) {
            throw malformed(1, "invalid header: " + JsonlBlocksFormat.firstLine(e));
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return value.textValue();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.intValue();
    }

    private String readLine() {
        try {
            return lines.next();
        } catch (IOException e) {
            throw new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.SINK_UNAVAILABLE,
                    "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private MalformedEventFileException malformed(long line, String problem) {
        return new MalformedEventFileException(name, line, problem);
    }

    private static String excerpt(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            lines.close();
        } catch (IOException ignored) {
            // read-only stream
        }
    }
}
