package dev.ferry.local.sample;

import java.util.List;

/**
 * {@code GET /data-migration/{dataType}/?limit=N&after=C}: the next rows of the calling
 * installation, by primary key, labelled with that installation ({@code "installationId"}, the
 * contract's optional guard against serving one tenant's rows to another). {@code afterId} is the
 * last row's cursor, or null on the last page (the server reads one row ahead, so a full last page
 * also says null). The page is read with one keyset query on the primary key and its JSON streamed to
 * the client as it is written — or, for an installation rendered in advance ({@link PrerenderedPages}),
 * copied from memory.
 */
final class DataMigrationEndpoint implements RemoteHandler {

    private final SampleSourceDatabase source;
    private final RemoteCounters counters;
    private final PrerenderedPages prerendered;

    DataMigrationEndpoint(SampleSourceDatabase source, RemoteCounters counters, PrerenderedPages prerendered) {
        this.source = source;
        this.counters = counters;
        this.prerendered = prerendered;
    }

    @Override
    public RemoteResponse handle(RemoteRequest request, byte[] body) throws RemoteError {
        if (!"GET".equals(request.method())) {
            throw RemoteError.methodNotAllowed("use GET");
        }
        SampleTable table = SampleSchema.byRemotePath(request.remotePath())
                .orElseThrow(() -> RemoteError.notFound("unknown data type"));
        int limit = PageLimits.of(request.query(), null);
        String after = PageLimits.after(request.query());
        var fromMemory = prerendered.page(request.installationId(), table, after, limit);
        if (fromMemory.isPresent()) {
            counters.pageServed(table.dataType(), fromMemory.get().rows());
            return RemoteResponse.json(200, fromMemory.get().body());
        }
        List<Object> afterKey = after == null ? null : PageCursors.keyOf(table, after);

        List<List<Object>> rows = source.rowsAfter(request.installationId(), table.dataType(), afterKey, limit + 1);
        boolean more = rows.size() > limit;
        List<List<Object>> page = more ? rows.subList(0, limit) : rows;
        Object afterId = more ? PageCursors.cursorOf(table, table.keyOf(page.get(page.size() - 1))) : null;
        counters.pageServed(table.dataType(), page.size());
        return RemoteResponse.streamedJson(200, json -> {
            json.writeStartObject();
            json.writeStringField("installationId", request.installationId());
            json.writeArrayFieldStart("headers");
            for (String column : table.columnNames()) {
                json.writeString(column);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (List<Object> row : page) {
                json.writeStartArray();
                for (int i = 0; i < row.size(); i++) {
                    RemoteJson.writeValue(json, table.columns().get(i).kind(), row.get(i));
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("pagination");
            json.writeFieldName("afterId");
            if (afterId instanceof Long id) {
                json.writeNumber(id);
            } else if (afterId != null) {
                json.writeString((String) afterId);
            } else {
                json.writeNull();
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }
}
