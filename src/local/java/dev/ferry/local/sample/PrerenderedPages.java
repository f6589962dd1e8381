package dev.ferry.local.sample;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data-migration pages served from memory, for the bench: the installations named by {@link #render} have
 * every row of every data type read once, in primary-key order, and rendered as its JSON array, so a page
 * is a copy of rendered rows rather than a query and an encoding — the remote is then never what limits a
 * measurement of Ferry. Rows are those of the moment of rendering: an installation whose rows change must
 * not be served from memory (nothing here notices).
 */
final class PrerenderedPages {
    private static final int READ_CHUNK = 10_000;

    /** One data type of one installation: its rows' JSON, and where each cursor points. */
    private record Rendered(List<byte[]> rows, List<String> cursors, Map<String, Integer> indexAfter, byte[] headers) {
    }

    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    /** Reads and renders every data type of the installation; later pages of it come from memory. */
    void render(SampleSourceDatabase source, String installationId) {
        for (SampleTable table : SampleSchema.allTables()) {
            List<byte[]> rows = new ArrayList<>();
            List<String> cursors = new ArrayList<>();
            Map<String, Integer> indexAfter = new HashMap<>();
            List<Object> after = null;
            while (true) {
                List<List<Object>> chunk = source.rowsAfter(installationId, table.dataType(), after, READ_CHUNK);
                for (List<Object> row : chunk) {
                    rows.add(RemoteJson.body(json -> {
                        json.writeStartArray();
                        for (int i = 0; i < row.size(); i++) {
                            RemoteJson.writeValue(json, table.columns().get(i).kind(), row.get(i));
                        }
                        json.writeEndArray();
                    }));
                    String cursor = String.valueOf(PageCursors.cursorOf(table, table.keyOf(row)));
                    cursors.add(cursor);
                    indexAfter.put(cursor, rows.size());
                }
                if (chunk.size() < READ_CHUNK) {
                    break;
                }
                after = table.keyOf(chunk.get(chunk.size() - 1));
            }
            byte[] headers = RemoteJson.body(json -> {
                json.writeStartArray();
                for (String column : table.columnNames()) {
                    json.writeString(column);
                }
                json.writeEndArray();
            });
            rendered.put(key(installationId, table), new Rendered(rows, cursors, indexAfter, headers));
        }
    }

    /**
     * The page after {@code after} (null: the first), as the endpoint would answer it, or empty when the
     * installation is not rendered or the cursor is not one of its rows'.
     */
    Optional<Page> page(String installationId, SampleTable table, String after, int limit) {
        Rendered data = rendered.get(key(installationId, table));
        if (data == null) {
            return Optional.empty();
        }
        Integer from = after == null ? Integer.valueOf(0) : data.indexAfter().get(after);
        if (from == null) {
            return Optional.empty();
        }
        int to = Math.min(data.rows().size(), from + limit);
        boolean more = to < data.rows().size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"installationId\":" + quoted(installationId) + ",\"headers\":").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data.headers());
        body.writeBytes(",\"data\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = from; i < to; i++) {
            if (i > from) {
                body.write(',');
            }
            body.writeBytes(data.rows().get(i));
        }
        String afterId = !more ? "null" : table.hasSingleIntegerKey() ? data.cursors().get(to - 1)
                : quoted(data.cursors().get(to - 1));
        body.writeBytes(("],\"pagination\":{\"afterId\":" + afterId + "}}").getBytes(StandardCharsets.UTF_8));
        return Optional.of(new Page(body.toByteArray(), to - from));
    }

    /** A page's JSON body and how many rows it holds. */
    record Page(byte[] body, int rows) {
    }

    private static String key(String installationId, SampleTable table) {
        return installationId + "/" + table.dataType();
    }

    /** Installation ids and cursors here are plain text (letters, digits, {@code -_.}): quoting needs no escapes. */
    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
