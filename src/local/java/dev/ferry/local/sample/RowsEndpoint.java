package dev.ferry.local.sample;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.local.sample.SampleSourceDatabase.KeyOfAnotherInstallation;
import dev.ferry.local.sample.SampleSourceDatabase.RangeReplacement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write endpoint, {@code PUT /data-migration/{dataType}/rows} with
 * {@code {"after":[key]|null,"through":[key]|null,"headers":[columns],"data":[[values],…]}}: makes the
 * calling installation's rows whose key lies in {@code (after, through]} exactly {@code data}, in one source
 * transaction (rows of the range not in {@code data} are deleted, with tombstones where the table keeps
 * them; the others are upserted, every column as sent). Answers 200 with {@code {"rows":N,"deleted":M}}.
 *
 * <p>Refused with 400: headers that are not exactly the data type's columns, values not of the column's
 * kind, rows outside the range or with a repeated key; with 409: a key held by another installation's row.
 * Keys compare as the source database orders them (numbers by value, text by code point: binary collations).
 */
final class RowsEndpoint {

    private final SampleSourceDatabase source;

    RowsEndpoint(SampleSourceDatabase source) {
        this.source = source;
    }

    RemoteResponse handle(RemoteRequest request, String dataTypePath, byte[] body) throws RemoteError {
        if (!"PUT".equals(request.method())) {
            throw RemoteError.methodNotAllowed("use PUT");
        }
        SampleTable table = SampleSchema.byRemotePath(dataTypePath)
                .orElseThrow(() -> RemoteError.notFound("unknown data type"));
        JsonNode document;
        try {
            document = RemoteJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw RemoteError.badRequest("the body is not JSON");
        }
        if (document == null || !document.isObject()) {
            throw RemoteError.badRequest("the body must be a JSON object");
        }
        List<Object> after = bound(table, document, "after");
        List<Object> through = bound(table, document, "through");
        if (after != null && through != null && compareKeys(table, after, through) >= 0) {
            throw RemoteError.badRequest("after must come before through");
        }
        int[] positions = positions(table, document.get("headers"));
        JsonNode data = document.get("data");
        if (data == null || !data.isArray()) {
            throw RemoteError.badRequest("data must be an array of rows");
        }
        List<List<Object>> rows = new ArrayList<>(data.size());
        Set<List<Object>> keys = new HashSet<>();
        for (JsonNode values : data) {
            if (!values.isArray() || values.size() != positions.length) {
                throw RemoteError.badRequest("row " + rows.size() + " must be an array of " + positions.length + " values");
            }
            Object[] row = new Object[positions.length];
            for (int i = 0; i < positions.length; i++) {
                row[positions[i]] = RemoteJson.readValue(table.columns().get(positions[i]), values.get(i));
            }
            List<Object> inOrder = Arrays.asList(row);
            List<Object> key = table.keyOf(inOrder);
            if ((after != null && compareKeys(table, key, after) <= 0)
                    || (through != null && compareKeys(table, key, through) > 0)) {
                throw RemoteError.badRequest("row " + rows.size() + " lies outside (after, through]");
            }
            if (!keys.add(key)) {
                throw RemoteError.badRequest("row " + rows.size() + " repeats a key");
            }
            rows.add(inOrder);
        }
        RangeReplacement done;
        try {
            done = source.replaceRange(request.installationId(), table.dataType(), after, through, rows);
        } catch (KeyOfAnotherInstallation e) {
            throw RemoteError.conflict(e.getMessage());
        }
        return RemoteResponse.json(200, RemoteJson.body(json -> {
            json.writeStartObject();
            json.writeNumberField("rows", done.rowsWritten());
            json.writeNumberField("deleted", done.rowsDeleted());
            json.writeEndObject();
        }));
    }

    private static List<Object> bound(SampleTable table, JsonNode document, String field) throws RemoteError {
        JsonNode node = document.get(field);
        if (node == null) {
            throw RemoteError.badRequest(field + " is required (a key or null)");
        }
        return node.isNull() ? null : RemoteJson.readKey(table, node, field);
    }

    /** For each header, the column's position; the headers must name every column once. */
    private static int[] positions(SampleTable table, JsonNode headers) throws RemoteError {
        if (headers == null || !headers.isArray()) {
            throw RemoteError.badRequest("headers must be an array of column names");
        }
        Map<String, Integer> byName = new HashMap<>();
        List<String> names = table.columnNames();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), i);
        }
        int[] positions = new int[headers.size()];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            Integer position = headers.get(i).isTextual() ? byName.get(headers.get(i).textValue()) : null;
            if (position == null || !seen.add(position)) {
                throw RemoteError.badRequest("headers must name each column of " + table.dataType() + " once");
            }
            positions[i] = position;
        }
        if (seen.size() != names.size()) {
            throw RemoteError.badRequest("headers must name each column of " + table.dataType() + " once");
        }
        return positions;
    }

    /** Key order of the source database: numbers by value, text by code point (binary collation). */
    static int compareKeys(SampleTable table, List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c;
            if (a.get(i) instanceof Long x && b.get(i) instanceof Long y) {
                c = Long.compare(x, y);
            } else {
                c = compareCodePoints(a.get(i).toString(), b.get(i).toString());
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
