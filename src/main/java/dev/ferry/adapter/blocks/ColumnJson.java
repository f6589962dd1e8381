package dev.ferry.adapter.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.TextCharset;
import java.util.ArrayList;
import java.util.List;

/**
 * A column in an Event File header: {@code name}, {@code type}, {@code size}, {@code precision},
 * {@code scale}, {@code nullable} always; {@code unsigned}, {@code fsp}, {@code fixed}, {@code maxBytes},
 * {@code charset}, {@code collation}, {@code members}, {@code srid} and {@code geometry} only where set,
 * as in the plan.
 */
final class ColumnJson {
    private ColumnJson() {
    }

    static void writeDetails(Column c, ObjectNode node) {
        if (c.fsp() != null) {
            node.put("fsp", c.fsp());
        }
        if (c.fixed()) {
            node.put("fixed", true);
        }
        if (c.maxBytes() != null) {
            node.put("maxBytes", c.maxBytes());
        }
        if (c.charset() != null) {
            node.put("charset", c.charset().sqlName());
        }
        if (c.collation() != null) {
            node.put("collation", c.collation());
        }
        if (c.members() != null) {
            ArrayNode members = node.putArray("members");
            c.members().forEach(members::add);
        }
        if (c.srid() != null) {
            node.put("srid", c.srid());
        }
        if (c.geometry() != null && c.geometry() != GeometryType.GEOMETRY) {
            node.put("geometry", c.geometry().name());
        }
    }

    /** @throws IllegalArgumentException (or the column's own validation) for a malformed column */
    static Column read(JsonNode c) {
        Column.Builder b = Column.builder(text(c, "name"), ColumnType.valueOf(text(c, "type")))
                .size(integer(c, "size")).precision(integer(c, "precision")).scale(integer(c, "scale"))
                .nullable(c.path("nullable").asBoolean(false)).unsigned(c.path("unsigned").asBoolean(false))
                .fsp(integer(c, "fsp")).fixed(c.path("fixed").asBoolean(false))
                .collation(c.hasNonNull("collation") ? c.get("collation").asText() : null)
                .srid(integer(c, "srid"));
        if (c.hasNonNull("maxBytes")) {
            b.maxBytes(c.get("maxBytes").longValue());
        }
        if (c.hasNonNull("charset")) {
            TextCharset charset = TextCharset.of(c.get("charset").asText());
            if (charset == null) {
                throw new IllegalArgumentException("unknown charset " + c.get("charset").asText());
            }
            b.charset(charset);
        }
        if (c.hasNonNull("members")) {
            List<String> members = new ArrayList<>();
            c.get("members").forEach(m -> members.add(m.asText()));
            b.members(members);
        }
        if (c.hasNonNull("geometry")) {
            b.geometry(GeometryType.valueOf(c.get("geometry").asText()));
        }
        return b.build();
    }

    private static String text(JsonNode node, String field) {
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
}
