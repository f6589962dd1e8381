package dev.ferry.adapter.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.WireValues;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Typed values (as in {@link Row}) written as the remote contract's JSON, by the rules Ferry's Event
 * Files use ({@code JsonlEventFileWriter}): integers and exact decimals as JSON numbers (never in
 * exponent form), doubles as numbers, strings, booleans, dates {@code yyyy-MM-dd}, DATETIME as an
 * ISO-8601 local date-time, TIMESTAMP the same with {@code Z} (UTC), JSON columns as nested JSON (numbers
 * copied as written), binary as standard base64 (always inline), null as null; FLOAT, BIT, YEAR, TIME,
 * ENUM, SET, UUID and GEOMETRY as {@link WireValues} says. Used for the change feed's
 * {@code afterKey} and the write endpoint's body.
 */
final class RemoteValues {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    private static final JsonFactory FACTORY = new JsonFactory();

    private RemoteValues() {
    }

    /** A key as a compact JSON array, values typed by the data type's key columns. */
    static String keyArray(DataType dataType, RowKey key) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeKey(g, dataType, key);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toString();
    }

    /** Writes a key as a JSON array, or null for a null key. */
    static void writeKey(JsonGenerator g, DataType dataType, RowKey key) throws IOException {
        if (key == null) {
            g.writeNull();
            return;
        }
        List<Column> columns = RowKey.keyColumns(dataType);
        if (key.size() != columns.size()) {
            throw new IllegalArgumentException(dataType.name() + ": a key of " + key.size() + " values, the primary key has "
                    + columns.size());
        }
        g.writeStartArray();
        for (int i = 0; i < columns.size(); i++) {
            write(g, dataType, columns.get(i), key.values().get(i));
        }
        g.writeEndArray();
    }

    /** Writes a row's values as a JSON array, in the data type's column order. */
    static void writeRow(JsonGenerator g, DataType dataType, Row row) throws IOException {
        List<Column> columns = dataType.columns();
        if (row.size() != columns.size()) {
            throw new FerryException(ErrorCode.ROW_ARITY, dataType.name() + ": a row has " + row.size()
                    + " values, the data type " + columns.size() + " columns");
        }
        g.writeStartArray();
        for (int i = 0; i < columns.size(); i++) {
            write(g, dataType, columns.get(i), row.get(i));
        }
        g.writeEndArray();
    }

    /** Writes one value of {@code column}; a value of the wrong Java type is VALUE_CONVERSION. */
    static void write(JsonGenerator g, DataType dataType, Column column, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        try {
            switch (column.type()) { // every type: a missing case would write nothing
                case INTEGER -> {
                    if (value instanceof BigInteger b) {
                        g.writeNumber(b);
                    } else if (value instanceof BigDecimal d) {
                        g.writeNumber(d.toBigIntegerExact());
                    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                            || value instanceof Byte) {
                        g.writeNumber(((Number) value).longValue());
                    } else {
                        g.writeNumber(new BigDecimal(value.toString()).toBigIntegerExact());
                    }
                }
                case DECIMAL -> g.writeNumber((value instanceof BigDecimal d ? d : new BigDecimal(value.toString()))
                        .toPlainString());
                case DOUBLE -> g.writeNumber(((Number) value).doubleValue());
                case FLOAT -> g.writeNumber(WireValues.floatNumber((Float) value).toPlainString());
                case BIT, YEAR -> g.writeNumber(WireValues.whole(value));
                case STRING, ENUM, SET -> g.writeString(value.toString());
                case TIME -> g.writeString(WireValues.time(value));
                case UUID -> g.writeString(WireValues.uuid((byte[]) value));
                case GEOMETRY -> g.writeString(Base64.getEncoder().encodeToString((byte[]) value));
                case BOOLEAN -> g.writeBoolean((Boolean) value);
                case DATE -> g.writeString(((LocalDate) value).toString());
                case DATETIME -> g.writeString(DATE_TIME.format((LocalDateTime) value));
                case TIMESTAMP -> g.writeString(DATE_TIME.format((LocalDateTime) value) + "Z");
                case JSON -> copyJson(g, value instanceof JsonText j ? j.json() : value.toString());
                case BINARY -> g.writeString(Base64.getEncoder().encodeToString((byte[]) value));
            }
        } catch (ClassCastException | ArithmeticException | IllegalArgumentException e) {
            throw new FerryException(ErrorCode.VALUE_CONVERSION, dataType.name() + ": column " + column.name()
                    + " (" + column.type() + ") holds a " + value.getClass().getSimpleName());
        } catch (MalformedJson e) {
            throw new FerryException(ErrorCode.VALUE_CONVERSION, dataType.name() + ": column " + column.name()
                    + " holds text that is not JSON");
        }
    }

    /** Copies one JSON document into the generator, numbers as written. */
    private static void copyJson(JsonGenerator g, String text) throws IOException, MalformedJson {
        try (JsonParser p = FACTORY.createParser(text.getBytes(StandardCharsets.UTF_8))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new MalformedJson();
            }
            try {
                JsonStructures.copyExact(p, g);
            } catch (JsonStructures.Unbalanced e) {
                throw new MalformedJson();
            }
            if (p.nextToken() != null) {
                throw new MalformedJson();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedJson();
        }
    }

    /** The text of a JSON column is not one JSON document. */
    private static final class MalformedJson extends Exception {
        MalformedJson() {
            super(null, null, false, false);
        }
    }
}
