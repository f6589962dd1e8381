package dev.ferry.adapter.remote;

import java.net.http.HttpClient;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The remote over HTTP, one object per remote: the call core ({@link RemoteCalls}: tokens, retries, limits,
 * logging) and one class per endpoint group, each implementing its port —
 * {@link #pages()} (data pages), {@link #changes()} (the optional change feed), {@link #writer()} (the
 * optional write endpoint), {@link #status()} and {@link #installations()} (migration status and the
 * installations listing) and {@link #checksums()} (the optional checksum endpoint). All of them share one
 * HTTP client and its connections. Thread-safe; holds no secret itself.
 */
public final class RemoteEndpoints {
    /** Most items asked for in one page. */
    public static final int MAX_LIMIT = 10_000;

    private final RemoteCalls calls;
    private final HttpRemotePages pages;
    private final HttpRemoteChanges changes;
    private final HttpRemoteWriter writer;
    private final HttpRemoteInstallations installations;
    private final HttpRemoteChecksums checksums;

    /** Builds its own HTTP client and a retry policy from the settings. */
    public RemoteEndpoints(RemoteSettings settings, TokenSigner signer) {
        this(settings, signer, new RetryPolicy(settings.retry()));
    }

    /** With a given retry policy (a test sleeper, a deadline); builds its own HTTP client. */
    public RemoteEndpoints(RemoteSettings settings, TokenSigner signer, RetryPolicy retry) {
        this(settings, signer, retry, newHttpClient(settings));
    }

    /** With everything given; {@code http} should not follow redirects. */
    public RemoteEndpoints(RemoteSettings settings, TokenSigner signer, RetryPolicy retry, HttpClient http) {
        this(new RemoteCalls(settings, signer, retry, http));
    }

    private RemoteEndpoints(RemoteCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.pages = new HttpRemotePages(calls);
        this.changes = new HttpRemoteChanges(calls);
        this.writer = new HttpRemoteWriter(calls);
        this.installations = new HttpRemoteInstallations(calls);
        this.checksums = new HttpRemoteChecksums(calls);
    }

    /** The HTTP client these settings call for: HTTP/1.1, the connect timeout, no redirects. */
    public static HttpClient newHttpClient(RemoteSettings settings) {
        return RemoteCalls.newHttpClient(settings);
    }

    /**
     * The same endpoints (sharing connections) whose retries, and each attempt's timeout, stay within
     * {@code remainingMillis}, e.g. the worker's budget for the current invocation.
     */
    public RemoteEndpoints withDeadline(LongSupplier remainingMillis) {
        return new RemoteEndpoints(calls.withDeadline(remainingMillis));
    }

    public RemoteSettings settings() {
        return calls.settings();
    }

    /** The data endpoint: {@code GET /data-migration/{remotePath}/}. */
    public HttpRemotePages pages() {
        return pages;
    }

    /** The optional change feed: {@code GET /data-migration/{remotePath}/changes} and {@code /deletions}. */
    public HttpRemoteChanges changes() {
        return changes;
    }

    /** The optional write endpoint: {@code PUT /data-migration/{remotePath}/rows}. */
    public HttpRemoteWriter writer() {
        return writer;
    }

    /** Migration status, {@code GET/PUT /migration-status}: the same object as {@link #installations()}. */
    public HttpRemoteInstallations status() {
        return installations;
    }

    /** The installations listing, {@code GET /installations}: the same object as {@link #status()}. */
    public HttpRemoteInstallations installations() {
        return installations;
    }

    /** The optional checksum endpoint: {@code GET /data-migration/{remotePath}/checksums}. */
    public HttpRemoteChecksums checksums() {
        return checksums;
    }

    @Override
    public String toString() {
        return "RemoteEndpoints[" + calls + "]";
    }
}
