package dev.ferry.local.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The remote contract's optional checksum endpoint,
 * {@code GET /data-migration/{dataType}/checksums?chunk=N&limit=M&after=C}: up to M consecutive
 * chunks of N rows of the calling installation, after cursor C, each with its first and last key,
 * row count, checksum and the cursor after it. Requests for other paths go to the data endpoint.
 *
 * <p>The checksums are computed here from the source database's values, independently of Ferry's
 * code, exactly as the "canonical row encoding" of docs/verification.md specifies: per row, SHA-256 over each
 * column's encoding (4-byte big-endian length, then the bytes), in column order; per chunk, the
 * byte-wise XOR of its rows' digests.
 */
final class ChecksumEndpoint implements RemoteHandler {
    static final String SUFFIX = "/checksums";
    private static final int MAX_CHUNK = 100_000;
    private static final int MAX_CHUNKS = 100;
    private static final int READ_BATCH = 500;

    private final RemoteHandler pages;
    private final SampleSourceDatabase source;

    ChecksumEndpoint(RemoteHandler pages, SampleSourceDatabase source) {
        this.pages = pages;
        this.source = source;
    }

    @Override
    public RemoteResponse handle(RemoteRequest request, byte[] body) throws RemoteError {
        if (request.remotePath() == null || !request.remotePath().endsWith(SUFFIX)) {
            return pages.handle(request, body);
        }
        if (!"GET".equals(request.method())) {
            throw RemoteError.methodNotAllowed("use GET");
        }
        String remotePath = request.remotePath().substring(0, request.remotePath().length() - SUFFIX.length());
        SampleTable table = SampleSchema.byRemotePath(remotePath).orElseThrow(() -> RemoteError.notFound("unknown data type"));
        int chunkRows = number(request.query(), "chunk", MAX_CHUNK);
        int maxChunks = number(request.query(), "limit", MAX_CHUNKS);
        String after = PageLimits.after(request.query());
        List<Object> afterKey = after == null ? null : PageCursors.keyOf(table, after);

        List<Chunk> chunks = new ArrayList<>();
        List<List<Object>> buffer = new ArrayList<>();
        int position = 0;
        boolean exhausted = false;
        while (chunks.size() < maxChunks) {
            Chunk chunk = new Chunk();
            while (chunk.rows < chunkRows) {
                if (position == buffer.size()) {
                    if (exhausted) {
                        break;
                    }
                    buffer = source.rowsAfter(request.installationId(), table.dataType(), afterKey, READ_BATCH);
                    position = 0;
                    exhausted = buffer.size() < READ_BATCH;
                    if (buffer.isEmpty()) {
                        break;
                    }
                    afterKey = table.keyOf(buffer.get(buffer.size() - 1));
                }
                chunk.add(table, buffer.get(position++));
            }
            if (chunk.rows == 0) {
                break;
            }
            chunks.add(chunk);
        }
        boolean more = position < buffer.size() || (!exhausted
                && !source.rowsAfter(request.installationId(), table.dataType(), afterKey, 1).isEmpty());
        Object next = more && !chunks.isEmpty() ? chunks.get(chunks.size() - 1).afterId(table) : null;
        return RemoteResponse.json(200, RemoteJson.body(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("headers");
            for (String column : table.columnNames()) {
                json.writeString(column);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("key");
            for (String column : table.primaryKey()) {
                json.writeString(column);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("chunks");
            for (Chunk chunk : chunks) {
                json.writeStartObject();
                writeKey(json, table, "first", chunk.first);
                writeKey(json, table, "last", chunk.last);
                json.writeNumberField("rows", chunk.rows);
                json.writeStringField("checksum", HexFormat.of().formatHex(chunk.xor));
                writeCursor(json, chunk.afterId(table));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("pagination");
            writeCursor(json, next);
            json.writeEndObject();
            json.writeEndObject();
        }));
    }

    /** One chunk being summed up. */
    private static final class Chunk {
        final byte[] xor = new byte[32];
        List<Object> first;
        List<Object> last;
        int rows;

        void add(SampleTable table, List<Object> row) {
            List<Object> key = table.keyOf(row);
            if (first == null) {
                first = key;
            }
            last = key;
            byte[] digest = rowDigest(table, row);
            for (int i = 0; i < xor.length; i++) {
                xor[i] ^= digest[i];
            }
            rows++;
        }

        Object afterId(SampleTable table) {
            return PageCursors.cursorOf(table, last);
        }
    }

    // ---- the canonical row encoding (docs/verification.md: "The checksum endpoint") ----------------------------

    static byte[] rowDigest(SampleTable table, List<Object> row) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < row.size(); i++) {
            byte[] encoded = encode(table.columns().get(i).kind(), row.get(i));
            sha256.update(ByteBuffer.allocate(4).putInt(encoded.length).array());
            sha256.update(encoded);
        }
        return sha256.digest();
    }

    static byte[] encode(ColumnKind kind, Object value) {
        if (value == null) {
            return new byte[] {0};
        }
        String text = switch (kind) {
            case INTEGER -> "n" + value;
            case DECIMAL -> "n" + number((BigDecimal) value);
            case DOUBLE -> "n" + number(BigDecimal.valueOf((Double) value));
            case BOOLEAN -> "z" + value;
            case STRING -> "s" + value;
            case DATE -> "s" + value;
            case DATETIME, TIMESTAMP -> "t" + dateTime((LocalDateTime) value);
            case JSON -> "j" + canonicalJson((String) value);
            case BINARY -> null;
        };
        if (text == null) {
            byte[] bytes = (byte[]) value;
            byte[] out = new byte[bytes.length + 1];
            out[0] = 'b';
            System.arraycopy(bytes, 0, out, 1, bytes.length);
            return out;
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** {@code yyyy-MM-ddTHH:mm}, then {@code :ss} unless seconds and fraction are zero, then the fraction to 3 or 6 digits. */
    private static String dateTime(LocalDateTime value) {
        LocalDateTime t = value.truncatedTo(ChronoUnit.MICROS);
        StringBuilder out = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute()));
        int nanos = t.getNano();
        if (t.getSecond() > 0 || nanos > 0) {
            out.append(String.format(":%02d", t.getSecond()));
            if (nanos % 1_000_000 == 0 && nanos > 0) {
                out.append(String.format(".%03d", nanos / 1_000_000));
            } else if (nanos > 0) {
                out.append(String.format(".%06d", nanos / 1_000));
            }
        }
        return out.toString();
    }

    /** Objects with keys sorted (UTF-16 code units), no whitespace, numbers by value, minimal string escapes. */
    static String canonicalJson(String text) {
        try {
            StringBuilder out = new StringBuilder();
            canonical(RemoteJson.parse(text), out);
            return out.toString();
        } catch (IOException e) {
            return text;
        }
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                sorted.put(field.getKey(), field.getValue());
            }
            out.append('{');
            boolean firstField = true;
            for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                out.append(firstField ? "" : ",");
                firstField = false;
                quote(field.getKey(), out);
                out.append(':');
                canonical(field.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                canonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(number(node.decimalValue()));
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else {
            out.append(node.isNull() ? "null" : node.asText());
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void writeKey(com.fasterxml.jackson.core.JsonGenerator json, SampleTable table, String field,
                                 List<Object> key) throws IOException {
        json.writeArrayFieldStart(field);
        int[] keyIndexes = table.keyIndexes();
        for (int i = 0; i < keyIndexes.length; i++) {
            RemoteJson.writeValue(json, table.columns().get(keyIndexes[i]).kind(), key.get(i));
        }
        json.writeEndArray();
    }

    private static void writeCursor(com.fasterxml.jackson.core.JsonGenerator json, Object cursor) throws IOException {
        json.writeFieldName("afterId");
        if (cursor instanceof Long id) {
            json.writeNumber(id);
        } else if (cursor != null) {
            json.writeString((String) cursor);
        } else {
            json.writeNull();
        }
    }

    private static int number(Map<String, String> query, String name, int max) throws RemoteError {
        String value = query.get(name);
        try {
            int n = Integer.parseInt(value == null ? "" : value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw RemoteError.badRequest(name + " must be an integer from 1 to " + max);
    }
}
