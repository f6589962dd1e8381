package dev.ferry.app.verify;

import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SourceChecksums;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChecksumPage;
import dev.ferry.domain.verify.ChunkChecksum;
import dev.ferry.domain.verify.RowKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One table in memory, keyed by primary key: as a remote it serves pages and (if enabled) chunk
 * checksums the way the contract says, counting the rows it serves; as a destination it is read
 * by key range, upserted and deleted from.
 */
final class MemoryTable implements RemoteSource, DestinationRanges, RowSink, RowDeleter {
    static final DataType ITEMS = new DataType("items", "items", "items",
            List.of(Column.of("id", ColumnType.INTEGER), new Column("name", ColumnType.STRING, 100, null, null, false)),
            List.of("id"), 100, 1);

    final NavigableMap<RowKey, Row> rows = new TreeMap<>();
    boolean checksumEndpoint = true;
    long rowsServed;
    long checksumCalls;

    static MemoryTable items(int count) {
        MemoryTable table = new MemoryTable();
        for (long id = 1; id <= count; id++) {
            table.put(item(id, "item " + id));
        }
        return table;
    }

    static Row item(long id, String name) {
        return Row.of(id, name);
    }

    void put(Row row) {
        rows.put(RowKey.of(ITEMS, row), row);
    }

    MemoryTable copy() {
        MemoryTable copy = new MemoryTable();
        copy.rows.putAll(rows);
        return copy;
    }

    // ---- as a remote

    @Override
    public RemotePage fetchPage(InstallationId installation, DataType dataType, Cursor after, int limit) {
        List<List<Object>> data = new ArrayList<>();
        Cursor next = null;
        for (Row row : tail(after).values()) {
            if (data.size() == limit) {
                next = Cursor.ofNumber(row.get(0).toString());
                break;
            }
            data.add(List.of(BigDecimal.valueOf((Long) row.get(0)), row.get(1)));
        }
        rowsServed += data.size();
        Cursor last = data.isEmpty() ? null : Cursor.ofNumber(data.get(data.size() - 1).get(0).toString());
        return new RemotePage(List.of("id", "name"), data, next == null ? null : last);
    }

    /** The checksum endpoint of this table. */
    SourceChecksums endpoint() {
        return this::checksums;
    }

    Optional<ChecksumPage> checksums(InstallationId installation, DataType dataType, Cursor after, int chunkRows,
                                            int maxChunks) {
        if (!checksumEndpoint) {
            return Optional.empty();
        }
        checksumCalls++;
        List<ChecksumPage.Chunk> chunks = new ArrayList<>();
        List<Row> current = new ArrayList<>();
        NavigableMap<RowKey, Row> tail = tail(after);
        Cursor next = null;
        for (Row row : tail.values()) {
            if (chunks.size() == maxChunks) {
                next = Cursor.ofNumber(chunks.get(chunks.size() - 1).last().get(0).toString());
                break;
            }
            current.add(row);
            if (current.size() == chunkRows) {
                chunks.add(chunk(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            chunks.add(chunk(current));
        }
        return Optional.of(new ChecksumPage(List.of("id", "name"), List.of("id"), chunks, next));
    }

    private static ChecksumPage.Chunk chunk(List<Row> rows) {
        ChunkChecksum checksum = new ChunkChecksum();
        rows.forEach(r -> checksum.add(RowHash.of(r)));
        Object first = BigDecimal.valueOf((Long) rows.get(0).get(0));
        Object last = BigDecimal.valueOf((Long) rows.get(rows.size() - 1).get(0));
        return new ChecksumPage.Chunk(List.of(first), List.of(last), rows.size(), checksum.hex(),
                Cursor.ofNumber(last.toString()));
    }

    private NavigableMap<RowKey, Row> tail(Cursor after) {
        return after == null ? rows : rows.tailMap(RowKey.of(Long.parseLong(after.value())), false);
    }

    // ---- as a destination

    @Override
    public List<Row> rows(InstallationId installation, DataType dataType, RowKey after, RowKey upTo, int limit) {
        List<Row> out = new ArrayList<>();
        for (Map.Entry<RowKey, Row> e : (after == null ? rows : rows.tailMap(after, false)).entrySet()) {
            if ((upTo != null && e.getKey().compareTo(upTo) > 0) || out.size() == limit) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }

    @Override
    public void upsert(InstallationId installation, DataType dataType, List<Row> upserts) {
        upserts.forEach(this::put);
    }

    @Override
    public void applyDeletions(InstallationId installation, DataType dataType,
                               List<dev.ferry.domain.sync.Tombstone> tombstones) {
        throw new UnsupportedOperationException("items have no change feed");
    }

    @Override
    public void delete(InstallationId installation, DataType dataType, List<List<Object>> keys) {
        keys.forEach(key -> rows.remove(RowKey.of(key)));
    }
}
