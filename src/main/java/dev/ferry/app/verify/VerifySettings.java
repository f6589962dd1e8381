package dev.ferry.app.verify;

import dev.ferry.domain.plan.DataType;

/**
 * Tuning of verification.
 *
 * @param chunkRows            source rows per top-level chunk
 * @param chunksPerRequest     chunks asked of the checksum endpoint per request
 * @param splitParts           parts a mismatching chunk is split into per step (2: bisection)
 * @param leafRows             a mismatching chunk of at most this many rows is compared row by row
 * @param chunkBytes           the page fallback closes a chunk once its rows hold about this many bytes
 * @param destinationBatchRows most rows per destination SELECT (also capped at twice the data type's
 *                             page size, which the plan keeps small for large rows)
 * @param sampleKeys           keys kept per kind of difference
 * @param useChecksumEndpoint  whether to ask the remote for checksums at all (else pages only)
 * @param safetyMarginMillis   time kept back at the end of a worker invocation for the hand-over
 * @param initialChunkMillis   expected time of one chunk before any has been measured
 */
public record VerifySettings(int chunkRows, int chunksPerRequest, int splitParts, int leafRows, long chunkBytes,
                             int destinationBatchRows, int sampleKeys, boolean useChecksumEndpoint,
                             long safetyMarginMillis, long initialChunkMillis) {
    public VerifySettings {
        if (chunkRows < 1 || chunksPerRequest < 1 || splitParts < 2 || leafRows < 1 || chunkBytes < 1
                || destinationBatchRows < 1 || sampleKeys < 0 || safetyMarginMillis < 0 || initialChunkMillis < 0) {
            throw new IllegalArgumentException("verification settings out of range");
        }
    }

    public static VerifySettings defaults() {
        return new VerifySettings(1_000, 4, 2, 16, 8L * 1024 * 1024, 1_000, 10, true, 20_000, 5_000);
    }

    public VerifySettings withChunkRows(int rows) {
        return new VerifySettings(rows, chunksPerRequest, splitParts, leafRows, chunkBytes, destinationBatchRows,
                sampleKeys, useChecksumEndpoint, safetyMarginMillis, initialChunkMillis);
    }

    public VerifySettings withLeafRows(int rows) {
        return new VerifySettings(chunkRows, chunksPerRequest, splitParts, rows, chunkBytes, destinationBatchRows,
                sampleKeys, useChecksumEndpoint, safetyMarginMillis, initialChunkMillis);
    }

    public VerifySettings withChecksumEndpoint(boolean use) {
        return new VerifySettings(chunkRows, chunksPerRequest, splitParts, leafRows, chunkBytes, destinationBatchRows,
                sampleKeys, use, safetyMarginMillis, initialChunkMillis);
    }

    public VerifySettings withBudget(long safetyMargin, long initialChunk) {
        return new VerifySettings(chunkRows, chunksPerRequest, splitParts, leafRows, chunkBytes, destinationBatchRows,
                sampleKeys, useChecksumEndpoint, safetyMargin, initialChunk);
    }

    /** Rows per destination SELECT for this data type. */
    public int destinationBatch(DataType dataType) {
        return (int) Math.max(1, Math.min(destinationBatchRows, 2L * dataType.pageSize()));
    }
}
