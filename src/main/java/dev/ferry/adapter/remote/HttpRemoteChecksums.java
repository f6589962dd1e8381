package dev.ferry.adapter.remote;

import dev.ferry.app.port.SourceChecksums;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChecksumPage;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link SourceChecksums} over HTTP: the optional checksum endpoint, used by verification. Empty when the
 * remote answers 404 or 501 (it does not offer the endpoint); those answers are neither retried nor logged
 * as failures. Otherwise calls, retries and error mapping as every call ({@link RemoteCalls}). Thread-safe.
 */
public final class HttpRemoteChecksums implements SourceChecksums {
    private final RemoteCalls calls;

    HttpRemoteChecksums(RemoteCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** {@code GET {base}/data-migration/{remotePath}/checksums?chunk=N&limit=M&after=C}: chunk checksums computed by the remote. */
    @Override
    public Optional<ChecksumPage> checksums(InstallationId installation, DataType dataType, Cursor after, int chunkRows,
                                            int maxChunks) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        RemoteCalls.Request request = new RemoteCalls.Request("GET", RemoteCalls.dataPath(dataType, "checksums"),
                ChecksumJson.query(chunkRows, maxChunks, after), null, installation, dataType.name(), after);
        return calls.executeIfOffered(request, ChecksumJson::read, page -> "chunks=" + page.chunks().size());
    }

    /** The same endpoint (sharing connections) whose retries stay within {@code remainingMillis}. */
    @Override
    public HttpRemoteChecksums withDeadline(LongSupplier remainingMillis) {
        return new HttpRemoteChecksums(calls.withDeadline(remainingMillis));
    }

    @Override
    public String toString() {
        return "HttpRemoteChecksums[" + calls + "]";
    }
}
