package dev.ferry.adapter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Verification settings ({@code ferry.verify.*}, or FERRY_VERIFY_* variables); see
 * {@link dev.ferry.app.verify.VerifySettings}. The worker's safety margin and initial page estimate
 * ({@code ferry.worker.*}) also pace verification steps.
 */
@ConfigMapping(prefix = "ferry.verify")
public interface VerifyConfig {
    /** Source rows per chunk. */
    @WithDefault("1000")
    int chunkRows();

    /** Chunks asked of the checksum endpoint per request. */
    @WithDefault("4")
    int chunksPerRequest();

    /** Parts a differing chunk is split into per step (2 is bisection). */
    @WithDefault("2")
    int splitParts();

    /** Differing chunks of at most this many rows are compared row by row. */
    @WithDefault("16")
    int leafRows();

    /** The page fallback closes a chunk once its rows hold about this many bytes. */
    @WithDefault("8388608")
    long chunkBytes();

    /** Most rows per destination SELECT (also at most twice the data type's page size). */
    @WithDefault("1000")
    int destinationBatchRows();

    /** Keys kept per kind of difference. */
    @WithDefault("10")
    int sampleKeys();

    /** Ask the remote for chunk checksums (false: always read pages). */
    @WithDefault("true")
    boolean checksumEndpoint();
}
