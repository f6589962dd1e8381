package dev.ferry.local.sample;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.verifier.RemoteTokenVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sample app's remote: an HTTP server on 127.0.0.1 (dynamic port) serving the remote contract
 * from a {@link SampleSourceDatabase}.
 *
 * <ul>
 *   <li>{@code GET /data-migration/{dataType}/?limit=N&after=C} (limit 1 to 5000, required) &rarr;
 *       {@code {"installationId":"…","headers":[…],"data":[[…],…],"pagination":{"afterId":X}}}: the
 *       calling installation's rows by primary key, labelled with that installation; X is the last
 *       row's cursor (the id, or an opaque string for composite keys) or null on the last page.</li>
 *   <li>{@code GET /migration-status} &rarr; {@code {"status":"READY"}}; {@code PUT} with
 *       {@code {"status":"DONE"}} sets it (204).</li>
 *   <li>{@code GET /installations?after=C&limit=N} &rarr; {@code {"installations":[…],"pagination":{"afterId":…}}},
 *       for the app itself.</li>
 *   <li>The optional endpoints ({@link OptionalEndpoint}; {@link #withoutEndpoints} turns them off):
 *       {@code GET /data-migration/{dataType}/checksums} ({@link ChecksumEndpoint}), {@code …/changes} and
 *       {@code …/deletions} for data types with {@code updated_at} ({@link ChangeFeedEndpoint}), and
 *       {@code PUT …/rows} ({@link RowsEndpoint}).</li>
 * </ul>
 *
 * <p>Every call carries {@code Authorization: Bearer <JWT>}, checked by Ferry's reusable
 * {@link RemoteTokenVerifier} (HS256 with the shared secret by default, or whatever verifier is
 * given): {@code iss} {@value #ISSUER}, {@code aud} the configured audience, {@code exp},
 * {@code iat}, {@code jti}, and either the claim {@value #INSTALLATION_CLAIM} (installation calls;
 * the only source of the installation's identity) or {@code sub} {@value #APP_SUBJECT} without it
 * (the listing). Refusals are 401 (no or bad token) or 403 (not allowed, unknown installation),
 * with a small JSON body naming the failed check.
 */
public final class SampleRemoteServer implements AutoCloseable {

    public static final String ISSUER = RemoteTokenVerifier.DEFAULT_ISSUER;
    public static final String DEFAULT_AUDIENCE = RemoteTokenVerifier.DEFAULT_AUDIENCE;
    public static final String APP_SUBJECT = RemoteTokenVerifier.APP_SUBJECT;
    public static final String INSTALLATION_CLAIM = RemoteTokenVerifier.INSTALLATION_CLAIM;
    public static final int MAX_LIMIT = PageLimits.MAX_LIMIT;

    private static final System.Logger LOG = System.getLogger(SampleRemoteServer.class.getName());
    private static final int THREADS = 8;

    static {
        // Small writes (a chunked body's last chunk) must not wait for the client's delayed ACK. The JDK's
        // server reads this once, when its first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private volatile HttpServer server;
    private final ExecutorService executor;
    private volatile com.sun.net.httpserver.HttpHandler router;
    private final RemoteCounters counters;
    private final String audience;
    private final SampleSourceDatabase source;
    private final PrerenderedPages prerendered = new PrerenderedPages();
    private volatile FaultHook faultHook = FaultHook.NONE;
    private volatile Set<OptionalEndpoint> absentEndpoints = Set.of();

    private SampleRemoteServer(HttpServer server, ExecutorService executor, RemoteCounters counters, String audience,
                               SampleSourceDatabase source) {
        this.source = source;
        this.server = server;
        this.executor = executor;
        this.counters = counters;
        this.audience = audience;
    }

    /** Starts a server with the default audience and the system clock. */
    public static SampleRemoteServer start(SampleSourceDatabase source, byte[] secret) {
        return start(source, secret, DEFAULT_AUDIENCE, Clock.systemUTC());
    }

    /**
     * Starts a server verifying tokens with {@code secret} (at least 32 bytes), {@code audience}
     * and {@code clock}.
     */
    public static SampleRemoteServer start(SampleSourceDatabase source, byte[] secret, String audience, Clock clock) {
        return start(source, RemoteTokenVerifier.builder().sharedSecret(secret).audience(audience).clock(clock).build());
    }

    /** Starts a server checking every token with {@code verifier} (for example RS256 with a JWKS). */
    public static SampleRemoteServer start(SampleSourceDatabase source, RemoteTokenVerifier verifier) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(verifier, "verifier");
        String audience = verifier.audience();
        RemoteCounters counters = new RemoteCounters();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind the sample remote to 127.0.0.1", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "sample-remote-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SampleRemoteServer remote = new SampleRemoteServer(server, executor, counters, audience, source);
        remote.router = new RemoteRouter(verifier, source, counters, () -> remote.faultHook,
                () -> remote.absentEndpoints, remote.prerendered);
        server.createContext("/", remote.router);
        server.setExecutor(executor);
        server.start();
        LOG.log(System.Logger.Level.INFO, "Sample remote listening on {0}", remote.baseUrl());
        return remote;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String audience() {
        return audience;
    }

    /**
     * Serves the installation's data-migration pages from memory from now on: every row of every data type
     * is read and rendered once, here ({@link PrerenderedPages}); for a bench whose rows do not change.
     */
    public void serveFromMemory(String installationId) {
        prerendered.render(source, installationId);
    }

    /**
     * Restarts the server as a real remote's restart looks from outside: it stops (connections in flight are
     * cut, new ones refused) and, {@code down} later, listens again on the same port with the same state.
     * Returns once it listens again.
     */
    public synchronized void restart(Duration down) {
        int port = port();
        server.stop(0);
        LOG.log(System.Logger.Level.INFO, "Sample remote on port {0} stopped for {1} ms", port, down.toMillis());
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                HttpServer again = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
                again.createContext("/", router);
                again.setExecutor(executor);
                again.start();
                server = again;
                LOG.log(System.Logger.Level.INFO, "Sample remote listening again on {0}", baseUrl());
                return;
            } catch (IOException e) {
                if (attempt == 50) {
                    throw new UncheckedIOException("Could not listen on port " + port + " again", e);
                }
                try {
                    Thread.sleep(100); // the port may still be held for a moment after stop
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException("Interrupted while restarting on port " + port, e);
                }
            }
        }
    }

    /** Replaces the fault hook (null restores {@link FaultHook#NONE}); applies to the next requests. */
    public void faultHook(FaultHook hook) {
        this.faultHook = hook == null ? FaultHook.NONE : hook;
    }

    /**
     * Makes the server lack these optional endpoints from the next request on: they answer 404, as a
     * remote that does not implement them would (after authenticating the request and consulting the
     * fault hook). No argument restores them all. For a 501 instead, use a {@link FaultHook}.
     */
    public void withoutEndpoints(OptionalEndpoint... endpoints) {
        this.absentEndpoints = endpoints.length == 0 ? Set.of() : Set.copyOf(EnumSet.copyOf(Arrays.asList(endpoints)));
    }

    /** The optional endpoints the server currently lacks. */
    public Set<OptionalEndpoint> absentEndpoints() {
        return absentEndpoints;
    }

    /** Requests that reached an endpoint, whatever their outcome. */
    public long requestCount(RemoteEndpoint endpoint) {
        return counters.requests(endpoint);
    }

    /** Data-migration pages served with 200 for a data type (by name, e.g. {@code issue_watchers}). */
    public long pagesServed(String dataType) {
        return counters.pages(dataType);
    }

    /** Rows served in those pages. */
    public long rowsServed(String dataType) {
        return counters.rows(dataType);
    }

    /** Requests refused with 401 or 403. */
    public long rejectedCount() {
        return counters.rejected();
    }

    /** Requests the fault hook interfered with. */
    public long faultCount() {
        return counters.faults();
    }

    /** Sets every counter, and the request sequence numbers, back to zero. */
    public void resetCounters() {
        counters.reset();
    }

    /** Stops at once; requests in flight are cut off. The source database stays open. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }
}
