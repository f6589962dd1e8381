package dev.ferry.testing;

import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.RowSink;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.Tombstone;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A row sink in memory that upserts by primary key, and counts every write. */
public final class RecordingRowSink implements RowSink, DestinationRanges, dev.ferry.app.port.RowDeleter {
    private final Map<String, Map<List<Object>, Row>> tables = new ConcurrentHashMap<>();
    private final AtomicInteger rowsWritten = new AtomicInteger();
    private volatile RuntimeException nextFailure;

    @Override
    public synchronized void upsert(InstallationId installation, DataType dataType, List<Row> rows) {
        RuntimeException failure = nextFailure;
        if (failure != null) {
            nextFailure = null;
            throw failure;
        }
        Map<List<Object>, Row> table = tables.computeIfAbsent(installation.value() + "." + dataType.table(),
                k -> new TreeMap<>(RecordingRowSink::compareKeys));
        int[] pk = dataType.primaryKeyIndexes();
        for (Row row : rows) {
            List<Object> key = new ArrayList<>();
            for (int i : pk) {
                key.add(row.get(i));
            }
            table.put(key, row);
            rowsWritten.incrementAndGet();
        }
    }

    /** Deletes each tombstone's row unless the stored copy's change time is after the deletion. */
    @Override
    public synchronized void applyDeletions(InstallationId installation, DataType dataType,
                                            List<Tombstone> tombstones) {
        Map<List<Object>, Row> table = tables.get(installation.value() + "." + dataType.table());
        if (table == null) {
            return;
        }
        int updatedAt = dataType.updatedAtIndex();
        for (Tombstone t : tombstones) {
            List<Object> key = t.key().values();
            Row row = table.get(key);
            if (row != null && !((LocalDateTime) row.get(updatedAt)).isAfter(t.deletedAt())) {
                table.remove(key);
            }
        }
    }

    @Override
    public synchronized List<Row> rows(InstallationId installation, DataType dataType, RowKey after, RowKey upTo,
                                       int limit) {
        return tables.getOrDefault(installation.value() + "." + dataType.table(), Map.of()).entrySet().stream()
                .filter(e -> RowKey.of(e.getKey()).within(after, upTo))
                .limit(limit).map(Map.Entry::getValue).toList();
    }

    /** Changes the destination directly, as the app does once the destination is primary. */
    public synchronized void put(InstallationId installation, DataType dataType, Row row) {
        upsert(installation, dataType, List.of(row));
    }

    /** Deletes a row directly, as the app does once the destination is primary. */
    public synchronized void remove(InstallationId installation, DataType dataType, RowKey key) {
        tables.getOrDefault(installation.value() + "." + dataType.table(), new TreeMap<>()).remove(key.values());
    }

    @Override
    public synchronized void delete(InstallationId installation, DataType dataType, List<List<Object>> keys) {
        keys.forEach(key -> remove(installation, dataType, RowKey.of(key)));
    }

    public void failNextWrite(RuntimeException failure) {
        this.nextFailure = failure;
    }

    /** Rows of one table ordered by primary key. */
    public synchronized List<Row> rows(String installation, String table) {
        return new ArrayList<>(tables.getOrDefault(installation + "." + table, Map.of()).values());
    }

    /** Every row write, including rewrites of the same key. */
    public int rowsWritten() {
        return rowsWritten.get();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
