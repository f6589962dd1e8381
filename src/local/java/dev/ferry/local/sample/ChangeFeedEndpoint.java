package dev.ferry.local.sample;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.local.sample.SampleSourceDatabase.FeedWindow;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The change feed of a data type with an {@code updated_at} column (the sample's issues):
 * <ul>
 *   <li>{@code GET /data-migration/{dataType}/changes?limit=N[&from=T][&until=T][&afterUpdatedAt=T&afterKey=K]}:
 *       the calling installation's rows with {@code from <= updated_at < until} and
 *       {@code (updated_at, key) > (afterUpdatedAt, afterKey)}, ordered by {@code (updated_at, key)}, at most N,
 *       in the data page's shape ({@code installationId}, {@code headers}, {@code data}, {@code pagination.afterId}:
 *       an opaque string while more rows follow, else null; the server reads one row ahead);</li>
 *   <li>{@code GET /data-migration/{dataType}/deletions?…} (the same query): the installation's tombstones in
 *       the window past the position, ordered by {@code (deleted_at, key)}; headers are the key columns and
 *       {@code deleted_at}.</li>
 * </ul>
 * Times are ISO-8601 local date-times in UTC (an offset is converted); K is the key as a JSON array. A data
 * type without {@code updated_at} answers 404 (it has no change feed).
 */
final class ChangeFeedEndpoint {
    static final String DELETED_AT = "deleted_at";

    private final SampleSourceDatabase source;

    ChangeFeedEndpoint(SampleSourceDatabase source) {
        this.source = source;
    }

    RemoteResponse changes(RemoteRequest request, String dataTypePath) throws RemoteError {
        SampleTable table = table(request, dataTypePath);
        int limit = PageLimits.of(request.query(), null);
        List<List<Object>> rows = source.changes(request.installationId(), table.dataType(), window(table, request.query()),
                limit + 1);
        boolean more = rows.size() > limit;
        List<List<Object>> page = more ? rows.subList(0, limit) : rows;
        String afterId = more ? position(table, page.get(page.size() - 1), table.updatedAtIndex(), table.keyIndexes()) : null;
        return page(request, table.columnNames(), page, afterId, (json, row) -> {
            for (int i = 0; i < row.size(); i++) {
                RemoteJson.writeValue(json, table.columns().get(i).kind(), row.get(i));
            }
        });
    }

    RemoteResponse deletions(RemoteRequest request, String dataTypePath) throws RemoteError {
        SampleTable table = table(request, dataTypePath);
        int limit = PageLimits.of(request.query(), null);
        List<List<Object>> tombstones = source.deletions(request.installationId(), table.dataType(),
                window(table, request.query()), limit + 1);
        boolean more = tombstones.size() > limit;
        List<List<Object>> page = more ? tombstones.subList(0, limit) : tombstones;
        int[] keyIndexes = table.keyIndexes();
        int[] keyPositions = new int[keyIndexes.length];
        for (int i = 0; i < keyPositions.length; i++) {
            keyPositions[i] = i;
        }
        String afterId = more ? position(table, page.get(page.size() - 1), keyIndexes.length, keyPositions) : null;
        List<String> headers = new ArrayList<>(table.primaryKey());
        headers.add(DELETED_AT);
        return page(request, headers, page, afterId, (json, tombstone) -> {
            for (int i = 0; i < keyIndexes.length; i++) {
                RemoteJson.writeValue(json, table.columns().get(keyIndexes[i]).kind(), tombstone.get(i));
            }
            RemoteJson.writeValue(json, ColumnKind.DATETIME, tombstone.get(keyIndexes.length));
        });
    }

    private static SampleTable table(RemoteRequest request, String dataTypePath) throws RemoteError {
        if (!"GET".equals(request.method())) {
            throw RemoteError.methodNotAllowed("use GET");
        }
        SampleTable table = SampleSchema.byRemotePath(dataTypePath)
                .orElseThrow(() -> RemoteError.notFound("unknown data type"));
        if (!table.hasChangeFeed()) {
            throw RemoteError.notFound(table.dataType() + " has no change feed");
        }
        return table;
    }

    /** The window and position of the query; a 400 for anything missing or malformed. */
    static FeedWindow window(SampleTable table, Map<String, String> query) throws RemoteError {
        LocalDateTime until = time(query, "until");
        LocalDateTime from = time(query, "from");
        LocalDateTime afterTime = time(query, "afterUpdatedAt");
        String afterKeyText = query.get("afterKey");
        boolean hasKey = afterKeyText != null && !afterKeyText.isEmpty();
        if ((afterTime == null) == hasKey) {
            throw RemoteError.badRequest("afterUpdatedAt and afterKey go together");
        }
        List<Object> afterKey = null;
        if (hasKey) {
            try {
                afterKey = RemoteJson.readKey(table, RemoteJson.parse(afterKeyText), "afterKey");
            } catch (IOException e) {
                throw RemoteError.badRequest("afterKey must be a JSON array");
            }
        }
        return new FeedWindow(from, until, afterTime, afterKey);
    }

    private static LocalDateTime time(Map<String, String> query, String name) throws RemoteError {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return RemoteJson.dateTime(text);
        } catch (DateTimeParseException e) {
            throw RemoteError.badRequest(name + " must be an ISO-8601 date-time");
        }
    }

    /** An opaque position: base64url of {@code [time, key…]}; clients do not need it. */
    private static String position(SampleTable table, List<Object> item, int timeIndex, int[] keyPositions) {
        int[] keyIndexes = table.keyIndexes();
        byte[] json = RemoteJson.body(out -> {
            out.writeStartArray();
            RemoteJson.writeValue(out, ColumnKind.DATETIME, item.get(timeIndex));
            for (int i = 0; i < keyPositions.length; i++) {
                RemoteJson.writeValue(out, table.columns().get(keyIndexes[i]).kind(), item.get(keyPositions[i]));
            }
            out.writeEndArray();
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    @FunctionalInterface
    private interface ItemWriter {
        void write(JsonGenerator json, List<Object> item) throws IOException;
    }

    private static RemoteResponse page(RemoteRequest request, List<String> headers, List<List<Object>> items,
                                       String afterId, ItemWriter writer) {
        return RemoteResponse.json(200, RemoteJson.body(json -> {
            json.writeStartObject();
            json.writeStringField("installationId", request.installationId());
            json.writeArrayFieldStart("headers");
            for (String header : headers) {
                json.writeString(header);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (List<Object> item : items) {
                json.writeStartArray();
                writer.write(json, item);
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("pagination");
            if (afterId == null) {
                json.writeNullField("afterId");
            } else {
                json.writeStringField("afterId", afterId);
            }
            json.writeEndObject();
            json.writeEndObject();
        }));
    }
}
