package dev.ferry.adapter.remote;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.DataType;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * {@link RemoteSource} over HTTP: {@code GET {base}/data-migration/{remotePath}/?limit=N&after=C} with the
 * installation's token. A page that is not an answer to the request (over the limit, or for another
 * installation) is refused and logged once. Calls, retries and error mapping as every call
 * ({@link RemoteCalls}). Thread-safe.
 */
public final class HttpRemotePages implements RemoteSource {
    private static final Logger LOG = Logger.getLogger(HttpRemotePages.class);

    private final RemoteCalls calls;

    HttpRemotePages(RemoteCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public RemotePage fetchPage(InstallationId installation, DataType dataType, Cursor after, int limit) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        RemoteCalls.Request request = new RemoteCalls.Request("GET", RemoteCalls.dataPath(dataType, ""),
                RemoteCalls.query(limit, after), null, installation, dataType.name(), after);
        RemotePage page = calls.execute(request, body -> calls.json().readPage(body),
                p -> "rows=" + p.data().size() + " next=" + p.next());
        try {
            return page.requireAnswerTo(installation, limit);
        } catch (FerryException e) {
            LOG.warn("remote page refused: GET " + calls.shown(request) + " error=" + e.code()
                    + " installation=" + installation + " dataType=" + dataType.name() + " after=" + RemoteCalls.orDash(after)
                    + " reason=\"" + LogText.excerpt(e.getMessage(), RemoteCalls.LOG_EXCERPT_CHARS, null) + '"');
            throw e;
        }
    }

    /** The same pages (sharing connections) whose retries stay within {@code remainingMillis}. */
    @Override
    public HttpRemotePages withDeadline(LongSupplier remainingMillis) {
        return new HttpRemotePages(calls.withDeadline(remainingMillis));
    }

    @Override
    public String toString() {
        return "HttpRemotePages[" + calls + "]";
    }
}
