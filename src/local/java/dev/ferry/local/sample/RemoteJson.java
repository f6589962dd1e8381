package dev.ferry.local.sample;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of the remote contract: how each column kind is written, and small response bodies.
 * Numbers in JSON columns are kept exact (decimals as {@code BigDecimal}, trailing zeros kept).
 */
final class RemoteJson {

    /** Date-times as ISO-8601 UTC with milliseconds, e.g. {@code 2024-03-01T10:15:30.123Z}. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Writes a JSON body with a generator. */
    @FunctionalInterface
    interface BodyWriter {
        void write(JsonGenerator json) throws IOException;
    }

    private RemoteJson() {
    }

    static byte[] body(BodyWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            write(out, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes a JSON body to {@code out} (left open) as the writer makes it. */
    static void write(OutputStream out, BodyWriter writer) throws IOException {
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writer.write(json);
        }
    }

    static byte[] error(String code, String message) {
        return body(json -> {
            json.writeStartObject();
            json.writeStringField("error", code);
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }

    /**
     * Writes one value: integers and decimals as exact JSON numbers, doubles as numbers, booleans,
     * dates {@code yyyy-MM-dd}, date-times ISO-8601 UTC, JSON columns as nested JSON, binary as
     * standard base64 (with padding), null as null.
     */
    static void writeValue(JsonGenerator json, ColumnKind kind, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (kind) {
            case INTEGER -> json.writeNumber((Long) value);
            case DECIMAL -> json.writeNumber(((BigDecimal) value).toPlainString());
            case DOUBLE -> json.writeNumber((Double) value);
            case STRING -> json.writeString((String) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case DATE -> json.writeString(((LocalDate) value).toString());
            case DATETIME, TIMESTAMP -> writeDateTime(json, (LocalDateTime) value);
            case JSON -> json.writeRawValue((String) value); // the database holds valid JSON (json_valid)
            case BINARY -> {
                byte[] bytes = (byte[]) value;
                json.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length); // standard, padded
            }
        }
    }

    /** {@link #DATE_TIME}, without the formatter's cost for the years 1000 to 9999. */
    private static void writeDateTime(JsonGenerator json, LocalDateTime t) throws IOException {
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            json.writeString(DATE_TIME.format(t));
            return;
        }
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        json.writeString(c, 0, c.length);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Reads one value a client sent for a column (the reverse of {@link #writeValue}): exact numbers,
     * strings, booleans (or 0/1), ISO dates, ISO date-times (an offset is converted to UTC), nested JSON
     * for JSON columns, base64 for binary; null only for a nullable column. Anything else is a 400.
     */
    static Object readValue(SampleColumn column, JsonNode node) throws RemoteError {
        if (node == null || node.isNull()) {
            if (!column.nullable()) {
                throw RemoteError.badRequest(column.name() + " must not be null");
            }
            return null;
        }
        try {
            switch (column.kind()) {
                case INTEGER -> {
                    if (node.isIntegralNumber() && node.canConvertToLong()) {
                        return node.longValue();
                    }
                }
                case DECIMAL -> {
                    if (node.isNumber()) {
                        return node.decimalValue();
                    }
                }
                case DOUBLE -> {
                    if (node.isNumber()) {
                        return node.doubleValue();
                    }
                }
                case STRING -> {
                    if (node.isTextual()) {
                        return node.textValue();
                    }
                }
                case BOOLEAN -> {
                    if (node.isBoolean()) {
                        return node.booleanValue();
                    }
                    if (node.isIntegralNumber() && (node.intValue() == 0 || node.intValue() == 1)) {
                        return node.intValue() == 1;
                    }
                }
                case DATE -> {
                    if (node.isTextual()) {
                        return LocalDate.parse(node.textValue());
                    }
                }
                case DATETIME, TIMESTAMP -> {
                    if (node.isTextual()) {
                        return dateTime(node.textValue());
                    }
                }
                case JSON -> {
                    return MAPPER.writeValueAsString(node);
                }
                case BINARY -> {
                    if (node.isTextual()) {
                        return Base64.getDecoder().decode(node.textValue());
                    }
                }
            }
        } catch (DateTimeParseException | IllegalArgumentException | IOException e) {
            // reported below
        }
        throw RemoteError.badRequest(column.name() + " is not a valid " + column.kind() + " value");
    }

    /** A key sent as a JSON array of its values, in key order. */
    static List<Object> readKey(SampleTable table, JsonNode node, String what) throws RemoteError {
        int[] keyIndexes = table.keyIndexes();
        if (node == null || !node.isArray() || node.size() != keyIndexes.length) {
            throw RemoteError.badRequest(what + " must be an array of the " + keyIndexes.length + " key value(s)");
        }
        List<Object> key = new ArrayList<>();
        for (int i = 0; i < keyIndexes.length; i++) {
            SampleColumn column = table.columns().get(keyIndexes[i]);
            Object value = readValue(new SampleColumn(column.name(), column.kind(), false), node.get(i));
            key.add(value);
        }
        return List.copyOf(key);
    }

    /** An ISO-8601 date-time, local (taken as UTC) or with an offset (converted to UTC). */
    static LocalDateTime dateTime(String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
    }

    static JsonNode parse(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
