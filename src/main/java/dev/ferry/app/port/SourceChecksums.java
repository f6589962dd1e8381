package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChecksumPage;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The remote's optional checksum endpoint:
 * {@code GET {base}/data-migration/{remotePath}/checksums?chunk=N&limit=M&after=C}. Remotes that lack
 * it answer 404 or 501, and verification then reads pages instead.
 */
public interface SourceChecksums {
    /** A remote without the endpoint. */
    SourceChecksums NONE = (installation, dataType, after, chunkRows, maxChunks) -> Optional.empty();

    /**
     * Up to {@code maxChunks} consecutive chunks of {@code chunkRows} rows each, after {@code after}.
     * Errors as {@link RemoteSource#fetchPage}.
     *
     * @param after null for the data type's start
     * @return empty when the remote does not offer the endpoint (404 or 501)
     */
    Optional<ChecksumPage> checksums(InstallationId installation, DataType dataType, Cursor after, int chunkRows,
                                     int maxChunks);

    /** A view whose retries stop before {@code remainingMillis} runs out; the default ignores it. */
    default SourceChecksums withDeadline(LongSupplier remainingMillis) {
        return this;
    }
}
