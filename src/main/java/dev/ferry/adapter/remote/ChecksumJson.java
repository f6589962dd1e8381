package dev.ferry.adapter.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.verify.ChecksumPage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional checksum endpoint's query and answer:
 * {@code {"headers":[…],"key":[…],"chunks":[{"first":[…],"last":[…],"rows":N,"checksum":"hex","afterId":X},…],
 * "pagination":{"afterId":X}}}. Key values are read as the data endpoint's values are (numbers exactly,
 * as BigDecimal); cursors are kept as sent.
 */
final class ChecksumJson {
    /** Most rows per chunk and chunks per answer Ferry asks for. */
    static final int MAX_CHUNK_ROWS = 1_000_000;
    static final int MAX_CHUNKS = 1_000;
    private static final JsonFactory FACTORY = new JsonFactory();

    private ChecksumJson() {
    }

    static String query(int chunkRows, int maxChunks, Cursor after) {
        if (chunkRows < 1 || chunkRows > MAX_CHUNK_ROWS || maxChunks < 1 || maxChunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("chunk must be 1.." + MAX_CHUNK_ROWS + " and limit 1.." + MAX_CHUNKS);
        }
        String query = "chunk=" + chunkRows + "&limit=" + maxChunks;
        return after == null ? query : query + "&after=" + RemoteCalls.encode(after.value());
    }

    static ChecksumPage read(InputStream in) throws IOException, RemoteJson.MalformedBodyException {
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the body is not a JSON object");
            }
            List<String> headers = null;
            List<String> key = null;
            List<ChecksumPage.Chunk> chunks = null;
            Cursor next = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "headers" -> headers = strings(p, value, "headers");
                    case "key" -> key = strings(p, value, "key");
                    case "chunks" -> chunks = chunks(p, value);
                    case "pagination" -> next = pagination(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed("the body is not one JSON object");
            }
            if (headers == null || key == null || chunks == null) {
                throw malformed("'headers', 'key' and 'chunks' are required");
            }
            return new ChecksumPage(headers, key, chunks, next);
        } catch (NumberFormatException | ArithmeticException e) {
            throw malformed("number out of range");
        }
    }

    private static List<ChecksumPage.Chunk> chunks(JsonParser p, JsonToken token) throws IOException,
            RemoteJson.MalformedBodyException {
        if (token != JsonToken.START_ARRAY) {
            throw malformed("'chunks' is not an array");
        }
        List<ChecksumPage.Chunk> chunks = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw malformed("chunk " + chunks.size() + " is not an object");
            }
            List<Object> first = null;
            List<Object> last = null;
            Long rows = null;
            String checksum = null;
            Cursor end = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "first" -> first = values(p, value);
                    case "last" -> last = values(p, value);
                    case "rows" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw malformed("chunk " + chunks.size() + ": 'rows' is not a whole number");
                        }
                        rows = p.getLongValue();
                    }
                    case "checksum" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw malformed("chunk " + chunks.size() + ": 'checksum' is not a string");
                        }
                        checksum = p.getText();
                    }
                    case "afterId" -> end = cursor(p, value);
                    default -> p.skipChildren();
                }
            }
            if (first == null || last == null || rows == null || checksum == null) {
                throw malformed("chunk " + chunks.size() + " needs 'first', 'last', 'rows' and 'checksum'");
            }
            chunks.add(new ChecksumPage.Chunk(first, last, rows, checksum, end));
        }
        return chunks;
    }

    private static List<Object> values(JsonParser p, JsonToken token) throws IOException, RemoteJson.MalformedBodyException {
        if (token != JsonToken.START_ARRAY) {
            throw malformed("a key is not an array");
        }
        List<Object> values = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            values.add(switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new BigDecimal(p.getText());
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw malformed("a key value is not a string, number or boolean");
            });
        }
        return values;
    }

    private static List<String> strings(JsonParser p, JsonToken token, String name) throws IOException,
            RemoteJson.MalformedBodyException {
        if (token != JsonToken.START_ARRAY) {
            throw malformed("'" + name + "' is not an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw malformed("'" + name + "' is not an array of strings");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static Cursor pagination(JsonParser p, JsonToken token) throws IOException, RemoteJson.MalformedBodyException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw malformed("'pagination' is not an object");
        }
        Cursor next = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("afterId")) {
                next = cursor(p, value);
            } else {
                p.skipChildren();
            }
        }
        return next;
    }

    private static Cursor cursor(JsonParser p, JsonToken token) throws IOException, RemoteJson.MalformedBodyException {
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> Cursor.ofString(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Cursor.ofNumber(p.getText());
            default -> throw malformed("'afterId' is not a string or number");
        };
    }

    private static RemoteJson.MalformedBodyException malformed(String why) {
        return new RemoteJson.MalformedBodyException("checksum answer: " + why);
    }
}
