package dev.ferry.adapter.blocks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.WireValues;
import dev.ferry.domain.plan.Column;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes an Event File: records are spooled to a local file as they come (bounded memory), and
 * {@link #finish()} stores the header line, now knowing the row count, followed by the spool.
 */
final class JsonlEventFileWriter implements EventFileWriter {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final ObjectMapper json;
    private final BlobStore stream;
    private final String name;
    private final EventFileHeader header;
    private final int binaryThreshold;
    private final Path spool;
    private final OutputStream spoolOut;
    private final List<Column> columns;
    private final List<Column> keyColumns;
    private long upserts;
    private long deletes;
    private boolean done;

    JsonlEventFileWriter(ObjectMapper json, BlobStore stream, String name, EventFileHeader header, int binaryThreshold,
                         Path spool) throws IOException {
        this.json = json;
        this.stream = stream;
        this.name = name;
        this.header = header;
        this.binaryThreshold = binaryThreshold;
        this.spool = spool;
        this.spoolOut = new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024);
        this.columns = header.columns();
        this.keyColumns = header.keyColumns();
    }

    @Override
    public void write(EventRecord record) {
        if (done) {
            throw new IllegalStateException("event file already finished");
        }
        ObjectNode line = json.createObjectNode();
        if (record instanceof EventRecord.Upsert u) {
            if (u.row().size() != columns.size()) {
                throw new FerryException(ErrorCode.ROW_ARITY, header.dataType() + ": row has " + u.row().size()
                        + " values, the header " + columns.size() + " columns");
            }
            line.put("op", "upsert");
            ArrayNode values = line.putArray("values");
            for (int i = 0; i < columns.size(); i++) {
                add(values, columns.get(i), u.row().get(i));
            }
            upserts++;
        } else if (record instanceof EventRecord.Delete d) {
            if (d.key().size() != keyColumns.size()) {
                throw new FerryException(ErrorCode.ROW_ARITY, header.dataType() + ": key has " + d.key().size()
                        + " values, the primary key " + keyColumns.size() + " columns");
            }
            line.put("op", "delete");
            ArrayNode key = line.putArray("key");
            for (int i = 0; i < keyColumns.size(); i++) {
                add(key, keyColumns.get(i), d.key().get(i));
            }
            deletes++;
        }
        try {
            spoolOut.write(json.writeValueAsBytes(line));
            spoolOut.write('\n');
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot spool " + name + ": " + e.getMessage(), e);
        }
    }

    private void add(ArrayNode values, Column column, Object value) {
        if (value == null) {
            values.addNull();
            return;
        }
        switch (column.type()) { // every type: a missing case would write no value
            case INTEGER -> {
                if (value instanceof BigInteger b) {
                    values.add(b);
                } else if (value instanceof Number n && !(value instanceof BigDecimal)) {
                    values.add(n.longValue());
                } else {
                    values.add(new BigDecimal(value.toString()).toBigIntegerExact());
                }
            }
            case DECIMAL -> values.add(value instanceof BigDecimal d ? d : new BigDecimal(value.toString()));
            case DOUBLE -> values.add(((Number) value).doubleValue());
            case FLOAT -> values.add(WireValues.floatNumber((Float) value));
            case BIT, YEAR -> values.add(WireValues.whole(value));
            case STRING, ENUM, SET -> values.add(value.toString());
            case TIME -> values.add(WireValues.time(value));
            case UUID -> values.add(WireValues.uuid((byte[]) value));
            case GEOMETRY -> addBinary(values, (byte[]) value);
            case BOOLEAN -> values.add((Boolean) value);
            case DATE -> values.add(((LocalDate) value).toString());
            case DATETIME -> values.add(DATE_TIME.format((LocalDateTime) value));
            case TIMESTAMP -> values.add(DATE_TIME.format((LocalDateTime) value) + "Z");
            case JSON -> values.add(jsonTree(column, value));
            case BINARY -> addBinary(values, (byte[]) value);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode jsonTree(Column column, Object value) {
        String text = value instanceof JsonText j ? j.json() : value.toString();
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.VALUE_CONVERSION, header.dataType() + ": column " + column.name()
                    + " holds text that is not JSON");
        }
    }

    private void addBinary(ArrayNode values, byte[] bytes) {
        if (bytes.length < binaryThreshold) {
            values.add(Base64.getEncoder().encodeToString(bytes));
            return;
        }
        String id = BinaryFiles.id(bytes);
        String binaryName = BinaryFiles.name(id);
        if (!stream.exists(binaryName)) {
            stream.write(binaryName, out -> out.write(bytes));
        }
        values.addObject().put("binaryFileId", id).put("bytes", bytes.length);
    }

    @Override
    public long records() {
        return upserts + deletes;
    }

    @Override
    public FileListEntry finish() {
        if (done) {
            throw new IllegalStateException("event file already finished");
        }
        done = true;
        EventFileHeader full = header.withRowCount(records());
        MessageDigest digest = BinaryFiles.sha256();
        long[] size = new long[1];
        try {
            spoolOut.close();
            stream.write(name, out -> {
                OutputStream counted = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        size[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        size[0] += len;
                    }
                };
                DigestOutputStream digested = new DigestOutputStream(counted, digest);
                digested.write(headerLine(full));
                digested.write('\n');
                try (InputStream in = Files.newInputStream(spool)) {
                    in.transferTo(digested);
                }
                digested.flush();
            });
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot store " + name + ": " + e.getMessage(), e);
        } finally {
            deleteSpool();
        }
        return new FileListEntry(full.fileId(), name, full.fileGroupLabel(), full.flowId(), full.movementId(),
                full.sequence(), full.part(), full.kind(), full.dataType(), full.table(), records(), upserts, deletes,
                size[0], HexFormat.of().formatHex(digest.digest()), full.exportTime());
    }

    private byte[] headerLine(EventFileHeader h) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("type", "header");
        node.put("formatVersion", h.formatVersion());
        node.put("fileId", h.fileId());
        node.put("fileGroupLabel", h.fileGroupLabel());
        node.put("flowId", h.flowId());
        node.put("movementId", h.movementId());
        node.put("sequence", h.sequence());
        node.put("part", h.part());
        node.put("kind", h.kind().name());
        node.put("dataType", h.dataType());
        node.put("table", h.table());
        ArrayNode columnNodes = node.putArray("columns");
        for (Column c : h.columns()) {
            ObjectNode cn = columnNodes.addObject();
            cn.put("name", c.name());
            cn.put("type", c.type().name());
            cn.put("size", c.size());
            cn.put("precision", c.precision());
            cn.put("scale", c.scale());
            cn.put("nullable", c.nullable());
            if (c.unsigned()) {
                cn.put("unsigned", true); // only where set, so headers of signed columns stay as before
            }
            ColumnJson.writeDetails(c, cn); // likewise: fsp, fixed, maxBytes, charset, collation, members, srid, geometry
        }
        ArrayNode keys = node.putArray("primaryKeys");
        h.primaryKeys().forEach(keys::add);
        node.put("rowCount", h.rowCount());
        node.put("exportTime", h.exportTime().toString());
        return json.writeValueAsBytes(node);
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                spoolOut.close();
            } catch (IOException ignored) {
                // the spool is deleted next
            }
            deleteSpool();
        }
    }

    private void deleteSpool() {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException ignored) {
            // a leftover spool file in the temporary directory is harmless
        }
    }

}
