package dev.ferry.adapter.remote;

import dev.ferry.app.port.SourceChecksums;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChecksumPage;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/** {@link SourceChecksums} over the remote's HTTP client (same tokens, retries and logging as every call). */
public final class HttpRemoteChecksums implements SourceChecksums {
    private final HttpRemoteClient client;

    public HttpRemoteChecksums(HttpRemoteClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Optional<ChecksumPage> checksums(InstallationId installation, DataType dataType, Cursor after, int chunkRows,
                                            int maxChunks) {
        return client.fetchChecksums(installation, dataType, after, chunkRows, maxChunks);
    }

    @Override
    public SourceChecksums withDeadline(LongSupplier remainingMillis) {
        return new HttpRemoteChecksums(client.withDeadline(remainingMillis));
    }
}
