package dev.ferry.local.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code afterId} cursors of the data-migration endpoint. A single integer key's cursor is the
 * id itself (a JSON number); a composite key's is an opaque string, the base64url (no padding) of
 * the JSON array of the key values, which clients pass back untouched.
 */
final class PageCursors {

    private PageCursors() {
    }

    /** Writes the cursor of a row's key; see the class comment for its form. */
    static Object cursorOf(SampleTable table, List<Object> key) {
        if (table.hasSingleIntegerKey()) {
            return key.get(0);
        }
        byte[] json = RemoteJson.body(out -> {
            out.writeStartArray();
            int[] keyIndexes = table.keyIndexes();
            for (int i = 0; i < keyIndexes.length; i++) {
                RemoteJson.writeValue(out, table.columns().get(keyIndexes[i]).kind(), key.get(i));
            }
            out.writeEndArray();
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    /** The key values a cursor names; a 400 {@link RemoteError} for a cursor this server did not make. */
    static List<Object> keyOf(SampleTable table, String cursor) throws RemoteError {
        if (table.hasSingleIntegerKey()) {
            try {
                return List.of(Long.parseLong(cursor));
            } catch (NumberFormatException e) {
                throw RemoteError.badRequest("after must be an id");
            }
        }
        JsonNode values;
        try {
            values = RemoteJson.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IOException e) {
            throw RemoteError.badRequest("after is not a cursor of this endpoint");
        }
        int[] keyIndexes = table.keyIndexes();
        if (!values.isArray() || values.size() != keyIndexes.length) {
            throw RemoteError.badRequest("after is not a cursor of this endpoint");
        }
        List<Object> key = new ArrayList<>();
        for (int i = 0; i < keyIndexes.length; i++) {
            JsonNode value = values.get(i);
            switch (table.columns().get(keyIndexes[i]).kind()) {
                case INTEGER -> {
                    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                        throw RemoteError.badRequest("after is not a cursor of this endpoint");
                    }
                    key.add(value.longValue());
                }
                case STRING -> {
                    if (!value.isTextual()) {
                        throw RemoteError.badRequest("after is not a cursor of this endpoint");
                    }
                    key.add(value.textValue());
                }
                default -> throw new IllegalStateException("Unsupported key column kind in " + table.dataType());
            }
        }
        return key;
    }
}
