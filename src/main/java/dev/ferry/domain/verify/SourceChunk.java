package dev.ferry.domain.verify;

import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.Row;
import java.util.List;
import java.util.Objects;

/**
 * A run of consecutive source rows, in primary key order, summarised by its first and last key,
 * its row count and its {@link ChunkChecksum}. Verification compares it with the destination rows
 * whose keys lie between the previous chunk's last key (exclusive) and this chunk's last key
 * (inclusive), so a row missing on either side never shifts the chunks after it.
 *
 * @param first      the first row's key; null when not known (a remainder derived from its parent chunk)
 * @param start      the remote cursor just before the chunk's first row (null: the data type's start), or
 *                   null when the source has no cursors
 * @param end        the remote cursor just after the chunk's last row, from which reading resumes
 * @param finalChunk whether the source said no rows follow
 * @param content    the chunk's rows when the source read them (page fallback, direct readers); null
 *                   when only the checksum is known (checksum endpoint)
 */
public record SourceChunk(RowKey first, RowKey last, long rows, String checksum, Cursor start, Cursor end,
                          boolean finalChunk, List<Row> content) {
    public SourceChunk {
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(checksum, "checksum");
        if (rows < 1) {
            throw new IllegalArgumentException("a chunk has at least one row");
        }
        content = content == null ? null : List.copyOf(content);
    }

    public boolean hasContent() {
        return content != null;
    }
}
