package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.DataType;

/**
 * The remote's data endpoint: {@code GET {base}/data-migration/{remotePath}/?limit=N&after=C}.
 * Identity travels in a signed token naming the installation, never in the query.
 */
public interface RemoteSource {
    /**
     * Fetches one page. Transient failures (timeouts, 429, 5xx) are retried inside the adapter with
     * backoff; when it gives up it throws a retryable FerryException (REMOTE_UNAVAILABLE,
     * REMOTE_RATE_LIMITED). A malformed body is REMOTE_MALFORMED_RESPONSE; a 4xx is REMOTE_REJECTED.
     *
     * @param after the cursor from the previous page, or null for the first page
     * @return the page as sent, never null
     */
    RemotePage fetchPage(InstallationId installation, DataType dataType, Cursor after, int limit);

    /**
     * A view of this source whose retries stop in time: no attempt starts, and no back-off wait is
     * taken, that would end after {@code remainingMillis} runs out. The default ignores the deadline.
     */
    default RemoteSource withDeadline(java.util.function.LongSupplier remainingMillis) {
        return this;
    }
}
