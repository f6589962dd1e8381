package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Reads remote JSON values back into Java values, strictly by the contract, and makes rows comparable. */
final class ContractValues {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    private ContractValues() {
    }

    /** The Java value of one JSON value of a column; fails on anything the contract does not allow. */
    static Object decode(ColumnKind kind, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> {
                require(node.isIntegralNumber() && node.canConvertToLong(), kind, node);
                yield node.longValue();
            }
            case DECIMAL -> {
                require(node.isNumber(), kind, node);
                yield node.decimalValue();
            }
            case DOUBLE -> {
                require(node.isNumber(), kind, node);
                yield node.doubleValue();
            }
            case STRING -> {
                require(node.isTextual(), kind, node);
                yield node.textValue();
            }
            case BOOLEAN -> {
                require(node.isBoolean(), kind, node);
                yield node.booleanValue();
            }
            case DATE -> {
                require(node.isTextual() && DATE.matcher(node.textValue()).matches(), kind, node);
                yield LocalDate.parse(node.textValue());
            }
            case DATETIME, TIMESTAMP -> {
                require(node.isTextual() && DATE_TIME.matcher(node.textValue()).matches(), kind, node);
                yield LocalDateTime.ofInstant(Instant.parse(node.textValue()), ZoneOffset.UTC);
            }
            case JSON -> {
                require(node.isContainerNode(), kind, node);
                yield node;
            }
            case BINARY -> {
                require(node.isTextual(), kind, node);
                yield Base64.getDecoder().decode(node.textValue());
            }
        };
    }

    /** A row of a page's {@code data}, decoded column by column. */
    static List<Object> decodeRow(SampleTable table, JsonNode row) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            values.add(decode(table.columns().get(i).kind(), row.get(i)));
        }
        return values;
    }

    /** A row with values that compare by content: binary as hex, JSON text as a parsed tree. */
    static List<Object> comparable(SampleTable table, List<Object> row) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            if (value instanceof byte[] bytes) {
                value = HexFormat.of().formatHex(bytes);
            } else if (value instanceof String text && table.columns().get(i).kind() == ColumnKind.JSON) {
                try {
                    value = RemoteHttp.JSON.readTree(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            values.add(value);
        }
        return values;
    }

    static List<List<Object>> comparableRows(SampleTable table, List<List<Object>> rows) {
        return rows.stream().map(row -> comparable(table, row)).toList();
    }

    /** Asserts equal rows one by one, so a failure names the first differing row instead of printing all. */
    static void assertSameRows(String description, SampleTable table, List<List<Object>> actual,
                               List<List<Object>> expected) {
        List<List<Object>> a = comparableRows(table, actual);
        List<List<Object>> e = comparableRows(table, expected);
        for (int i = 0; i < Math.min(a.size(), e.size()); i++) {
            assertThat(a.get(i)).as(description + ", row " + i).isEqualTo(e.get(i));
        }
        assertThat(a.size()).as(description + ", row count").isEqualTo(e.size());
    }

    private static void require(boolean condition, ColumnKind kind, JsonNode node) {
        if (!condition) {
            throw new AssertionError("Not a valid " + kind + " value by the contract: " + node);
        }
    }
}
