package dev.ferry.app.verify;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChunkChecksum;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.SourceChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups source rows read by Ferry into chunks with their content, checksum and key bounds, and
 * checks they arrive in strictly increasing key order (verification needs it).
 */
final class ChunkAssembler {
    private final DataType dataType;
    private final VerifySettings settings;
    private final String sourceName;
    private List<Row> rows = new ArrayList<>();
    private ChunkChecksum checksum = new ChunkChecksum();
    private RowKey first;
    private RowKey last;
    private long bytes;

    ChunkAssembler(DataType dataType, VerifySettings settings, String sourceName) {
        this.dataType = dataType;
        this.settings = settings;
        this.sourceName = sourceName;
    }

    void add(Row row) {
        RowKey key = RowKey.of(dataType, row);
        if (last != null && key.compareTo(last) <= 0) {
            throw new FerryException(ErrorCode.REMOTE_REJECTED, dataType.name() + ": " + sourceName
                    + " rows are not in primary key order (" + key + " after " + last + "); verification needs them sorted by key");
        }
        if (first == null) {
            first = key;
        }
        last = key;
        rows.add(row);
        checksum.add(RowHash.of(row));
        bytes += estimate(row);
    }

    boolean full() {
        return rows.size() >= settings.chunkRows() || bytes >= settings.chunkBytes();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The chunk so far, and a fresh start for the next one (keeping the key order check). */
    SourceChunk take(Cursor start, Cursor end, boolean finalChunk) {
        SourceChunk chunk = new SourceChunk(first, last, rows.size(), checksum.hex(), start, end, finalChunk, rows);
        rows = new ArrayList<>();
        checksum = new ChunkChecksum();
        first = null;
        bytes = 0;
        return chunk;
    }

    private static long estimate(Row row) {
        long size = 16;
        for (Object v : row.values()) {
            if (v instanceof byte[] b) {
                size += b.length;
            } else if (v instanceof String s) {
                size += 2L * s.length();
            } else if (v instanceof JsonText j) {
                size += 2L * j.json().length();
            } else {
                size += 16;
            }
        }
        return size;
    }
}
