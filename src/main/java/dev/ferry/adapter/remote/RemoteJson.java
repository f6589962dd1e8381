package dev.ferry.adapter.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.RemotePage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the remote's JSON bodies with Jackson's streaming parser, token by token, into the values
 * {@link RemotePage} promises: null, Boolean, String, BigDecimal for every number (built from the
 * number's own text, so nothing is rounded), and {@link JsonText} for nested objects and arrays
 * (re-serialized compactly, numbers again copied as their text). Any deviation from the expected
 * shape is a {@link MalformedBodyException}.
 */
final class RemoteJson {
    private final JsonFactory factory;

    RemoteJson(long maxBodyBytes) {
        int maxString = (int) Math.min(Integer.MAX_VALUE, maxBodyBytes);
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxString)
                        .maxDocumentLength(maxBodyBytes)
                        .build())
                .build();
    }

    /** The body is not what the contract says (wrong shape, invalid or truncated JSON). */
    static final class MalformedBodyException extends Exception {
        MalformedBodyException(String message) {
            super(message, null, false, false);
        }
    }

    /** One installations page. */
    record InstallationsPage(List<String> ids, Cursor next) {
    }

    // ---- data pages ------------------------------------------------------------------------

    RemotePage readPage(InputStream in) throws IOException, MalformedBodyException {
        try (JsonParser p = factory.createParser(in)) {
            expectObjectStart(p);
            List<String> headers = null;
            List<List<Object>> data = null;
            Cursor next = null;
            String installationId = null;
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (isKnownPageField(field) && !seen.add(field)) {
                    throw new MalformedBodyException("field '" + field + "' appears twice");
                }
                switch (field) {
                    case "headers" -> headers = readHeaders(p, value);
                    case "data" -> data = readRows(p, value);
                    case "pagination" -> next = readPagination(p, value);
                    case "installationId" -> installationId = readInstallationId(value, p);
                    default -> p.skipChildren();
                }
            }
            expectEnd(p);
            if (data == null) {
                throw new MalformedBodyException("no 'data' array");
            }
            if (headers == null && !data.isEmpty()) {
                throw new MalformedBodyException("rows without 'headers'");
            }
            return new RemotePage(headers, Collections.unmodifiableList(data), next, installationId);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedBodyException("number out of range");
        }
    }

    private static boolean isKnownPageField(String field) {
        return field.equals("headers") || field.equals("data") || field.equals("pagination")
                || field.equals("installationId");
    }

    /** The page's optional owner: a string, or null (not said). */
    private static String readInstallationId(JsonToken token, JsonParser p) throws IOException, MalformedBodyException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new MalformedBodyException("'installationId' is " + describe(token) + ", not a string");
        }
        return p.getText();
    }

    private static List<String> readHeaders(JsonParser p, JsonToken token) throws IOException, MalformedBodyException {
        if (token != JsonToken.START_ARRAY) {
            throw new MalformedBodyException("'headers' is " + describe(token) + ", not an array of strings");
        }
        List<String> headers = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new MalformedBodyException("'headers' item " + headers.size() + " is " + describe(t) + ", not a string");
            }
            headers.add(p.getText());
        }
        return headers;
    }

    private List<List<Object>> readRows(JsonParser p, JsonToken token) throws IOException, MalformedBodyException {
        if (token != JsonToken.START_ARRAY) {
            throw new MalformedBodyException("'data' is " + describe(token) + ", not an array of arrays");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) {
                throw new MalformedBodyException("'data' row " + rows.size() + " is " + describe(t) + ", not an array");
            }
            List<Object> row = new ArrayList<>();
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                row.add(readValue(p, v));
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return rows;
    }

    private Object readValue(JsonParser p, JsonToken token) throws IOException, MalformedBodyException {
        if (token == null) {
            throw new MalformedBodyException("unexpected end of input");
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new BigDecimal(p.getText());
            case START_OBJECT, START_ARRAY -> new JsonText(copyStructure(p));
            default -> throw new MalformedBodyException("unexpected " + describe(token) + " in a row");
        };
    }

    /** Serializes the object or array starting at the current token compactly, numbers as sent. */
    private String copyStructure(JsonParser p) throws IOException, MalformedBodyException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            JsonStructures.copyExact(p, g);
        } catch (JsonStructures.Unbalanced e) {
            throw new MalformedBodyException(e.token == null ? "unexpected end of input in nested JSON"
                    : "unexpected " + describe(e.token) + " in nested JSON");
        }
        return out.toString();
    }

    // ---- pagination ----------------------------------------------------------------------------

    private static Cursor readPagination(JsonParser p, JsonToken token) throws IOException, MalformedBodyException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new MalformedBodyException("'pagination' is " + describe(token) + ", not an object");
        }
        Cursor next = null;
        boolean seen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!field.equals("afterId")) {
                p.skipChildren();
                continue;
            }
            if (seen) {
                throw new MalformedBodyException("'afterId' appears twice");
            }
            seen = true;
            next = switch (value) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> Cursor.ofString(p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Cursor.ofNumber(p.getText());
                default -> throw new MalformedBodyException("'afterId' is " + describe(value) + ", not a string or number");
            };
        }
        return next;
    }

    // ---- migration status ----------------------------------------------------------------------

    /** The reported status; empty when it is null or a status Ferry does not know. */
    Optional<InstallationStatus> readStatus(InputStream in) throws IOException, MalformedBodyException {
        try (JsonParser p = factory.createParser(in)) {
            expectObjectStart(p);
            Optional<InstallationStatus> status = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("status")) {
                    p.skipChildren();
                    continue;
                }
                if (status != null) {
                    throw new MalformedBodyException("'status' appears twice");
                }
                if (value == JsonToken.VALUE_NULL) {
                    status = Optional.empty();
                } else if (value == JsonToken.VALUE_STRING) {
                    status = InstallationStatus.parse(p.getText());
                } else {
                    throw new MalformedBodyException("'status' is " + describe(value) + ", not a string");
                }
            }
            expectEnd(p);
            if (status == null) {
                throw new MalformedBodyException("no 'status' field");
            }
            return status;
        }
    }

    byte[] writeStatus(InstallationStatus status) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", status.name());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- installations -------------------------------------------------------------------------

    InstallationsPage readInstallations(InputStream in) throws IOException, MalformedBodyException {
        try (JsonParser p = factory.createParser(in)) {
            expectObjectStart(p);
            List<String> ids = null;
            Cursor next = null;
            boolean sawPagination = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "installations" -> {
                        if (ids != null) {
                            throw new MalformedBodyException("'installations' appears twice");
                        }
                        ids = readStrings(p, value, "installations");
                    }
                    case "pagination" -> {
                        if (sawPagination) {
                            throw new MalformedBodyException("'pagination' appears twice");
                        }
                        sawPagination = true;
                        next = readPagination(p, value);
                    }
                    default -> p.skipChildren();
                }
            }
            expectEnd(p);
            if (ids == null) {
                throw new MalformedBodyException("no 'installations' array");
            }
            return new InstallationsPage(ids, next);
        }
    }

    private static List<String> readStrings(JsonParser p, JsonToken token, String name) throws IOException, MalformedBodyException {
        if (token != JsonToken.START_ARRAY) {
            throw new MalformedBodyException("'" + name + "' is " + describe(token) + ", not an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new MalformedBodyException("'" + name + "' item " + out.size() + " is " + describe(t) + ", not a string");
            }
            out.add(p.getText());
        }
        return out;
    }

    // ---- shared --------------------------------------------------------------------------------

    private static void expectObjectStart(JsonParser p) throws IOException, MalformedBodyException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new MalformedBodyException(first == null ? "empty body" : "body is " + describe(first) + ", not a JSON object");
        }
    }

    /** After the top-level object: it must have been closed, and nothing may follow it. */
    private static void expectEnd(JsonParser p) throws IOException, MalformedBodyException {
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new MalformedBodyException("unexpected end of input");
        }
        if (p.nextToken() != null) {
            throw new MalformedBodyException("content after the JSON object");
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT, END_ARRAY -> "a closing bracket";
            case FIELD_NAME -> "a field name";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }
}
