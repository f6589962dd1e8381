package dev.ferry.domain.verify;

import dev.ferry.domain.page.Cursor;
import java.util.List;

/**
 * One answer of the remote's optional checksum endpoint
 * ({@code GET {base}/data-migration/{dataType}/checksums?chunk=N&limit=M&after=C}), decoded from JSON
 * but not yet converted to the plan's types.
 *
 * @param headers the columns in the order the rows were hashed (must be the plan's column order)
 * @param key     the primary key columns in the order of {@code first} and {@code last}
 * @param chunks  consecutive chunks of up to N rows each, in key order
 * @param next    where the next call starts ({@code pagination.afterId}); null when no rows follow
 */
public record ChecksumPage(List<String> headers, List<String> key, List<Chunk> chunks, Cursor next) {
    public ChecksumPage {
        headers = headers == null ? List.of() : List.copyOf(headers);
        key = key == null ? List.of() : List.copyOf(key);
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    /**
     * One chunk as sent.
     *
     * @param first    the first row's key values (JSON-decoded)
     * @param last     the last row's key values
     * @param rows     how many rows it covers (at least 1)
     * @param checksum 64 hex digits (see {@link ChunkChecksum})
     * @param end      the cursor after its last row ({@code afterId}), as the data endpoint would give it
     */
    public record Chunk(List<Object> first, List<Object> last, long rows, String checksum, Cursor end) {
    }
}
