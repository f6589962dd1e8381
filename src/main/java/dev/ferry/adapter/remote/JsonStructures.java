package dev.ferry.adapter.remote;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Copies one JSON object or array token by token, numbers exactly as written (Jackson's own copy
 * goes through double or BigDecimal values and may change how a number is spelled).
 */
final class JsonStructures {
    private JsonStructures() {
    }

    /** The input ended inside the structure, or held a token that cannot be part of one. */
    static final class Unbalanced extends Exception {
        final JsonToken token;

        Unbalanced(JsonToken token) {
            super(null, null, false, false);
            this.token = token;
        }
    }

    /**
     * Writes the structure (or single value) starting at the parser's current token; leaves the parser
     * on its last token.
     */
    static void copyExact(JsonParser p, JsonGenerator g) throws IOException, Unbalanced {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == null) {
                throw new Unbalanced(null);
            }
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new Unbalanced(t);
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }
}
