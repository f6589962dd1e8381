package dev.ferry.testing;

import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.verify.RowKey;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One installation's source database in memory, for tables whose rows carry an {@code updated_at}: the
 * data endpoint (by key), the change and deletions feeds (by {@code (time, key)} within a window, as
 * the contract says) and the write endpoint (range replace). Values are held as {@link Row} documents
 * (Long ids, LocalDateTime times, String text) and served as the remote would send them.
 */
public final class ChangingSource implements RemoteSource, RemoteChanges, RemoteWriter {
    private final Map<String, NavigableMap<RowKey, Row>> tables = new HashMap<>();
    private final Map<String, List<Deleted>> tombstones = new HashMap<>();
    private int changesServed;
    private int calls;
    private int failEvery;

    private record Deleted(RowKey key, LocalDateTime at) {
    }

    public synchronized void put(DataType type, Row row) {
        table(type).put(RowKey.of(type, row), row);
    }

    /** Deletes the row and records its tombstone at {@code at}. */
    public synchronized void delete(DataType type, RowKey key, LocalDateTime at) {
        if (table(type).remove(key) != null) {
            tombstones.computeIfAbsent(type.name(), k -> new ArrayList<>()).add(new Deleted(key, at));
        }
    }

    public synchronized List<Row> rows(DataType type) {
        return new ArrayList<>(table(type).values());
    }

    @Override
    public ChangingSource withDeadline(java.util.function.LongSupplier remainingMillis) {
        return this;
    }

    /** From now on every {@code n}-th call (of any endpoint) fails as REMOTE_UNAVAILABLE (retryable); 0: never. */
    public synchronized void failEvery(int n) {
        this.failEvery = n;
    }

    private void maybeFail() {
        calls++;
        if (failEvery > 0 && calls % failEvery == 0) {
            throw new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.REMOTE_UNAVAILABLE,
                    "scripted outage");
        }
    }

    public synchronized int changesServed() {
        return changesServed;
    }

    @Override
    public synchronized RemotePage fetchPage(InstallationId installation, DataType type, Cursor after, int limit) {
        maybeFail();
        NavigableMap<RowKey, Row> rows = after == null ? table(type)
                : table(type).tailMap(RowKey.decode(type, after.value()), false);
        List<Row> page = rows.values().stream().limit(limit + 1L).toList();
        boolean more = page.size() > limit;
        page = more ? page.subList(0, limit) : page;
        Cursor next = more ? Cursor.ofString(RowKey.of(type, page.get(page.size() - 1)).encode()) : null;
        return new RemotePage(type.columnNames(), raw(page), next);
    }

    @Override
    public synchronized RemotePage fetchChanges(InstallationId installation, DataType type, ChangeCursor position,
                                                int limit) {
        maybeFail();
        int at = type.updatedAtIndex();
        List<Row> page = table(type).values().stream()
                .filter(r -> position.inWindow((LocalDateTime) r.get(at))
                        && position.isBefore((LocalDateTime) r.get(at), RowKey.of(type, r)))
                .sorted(Comparator.<Row, LocalDateTime>comparing(r -> (LocalDateTime) r.get(at))
                        .thenComparing(r -> RowKey.of(type, r)))
                .limit(limit + 1L).toList();
        changesServed++;
        return page(type.columnNames(), raw(page), limit);
    }

    @Override
    public synchronized RemotePage fetchDeletions(InstallationId installation, DataType type, ChangeCursor position,
                                                  int limit) {
        maybeFail();
        Predicate<Deleted> wanted = d -> position.inWindow(d.at()) && position.isBefore(d.at(), d.key());
        List<List<Object>> data = tombstones.getOrDefault(type.name(), List.of()).stream().filter(wanted)
                .sorted(Comparator.comparing(Deleted::at).thenComparing(Deleted::key))
                .limit(limit + 1L)
                .map(d -> {
                    List<Object> values = new ArrayList<>(d.key().values());
                    values.add(d.at().toString());
                    return values;
                }).toList();
        List<String> headers = new ArrayList<>(type.primaryKey());
        headers.add("deleted_at");
        return page(headers, data, limit);
    }

    @Override
    public synchronized void replaceRange(InstallationId installation, DataType type, RowKey after, RowKey through,
                                          List<Row> rows) {
        maybeFail();
        table(type).entrySet().removeIf(e -> e.getKey().within(after, through));
        rows.forEach(r -> put(type, r));
    }

    private static RemotePage page(List<String> headers, List<List<Object>> data, int limit) {
        boolean more = data.size() > limit;
        return new RemotePage(headers, more ? data.subList(0, limit) : data, more ? Cursor.ofString("more") : null);
    }

    private static List<List<Object>> raw(List<Row> rows) {
        return rows.stream().map(r -> r.values().stream()
                .map(v -> v instanceof LocalDateTime t ? (Object) t.toString() : v).toList()).toList();
    }

    private NavigableMap<RowKey, Row> table(DataType type) {
        return tables.computeIfAbsent(type.name(), k -> new TreeMap<>());
    }
}
