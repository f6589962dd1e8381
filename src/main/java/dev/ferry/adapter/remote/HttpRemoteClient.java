package dev.ferry.adapter.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.adapter.remote.RetryPolicy.AttemptFailure;
import dev.ferry.adapter.remote.RetryPolicy.Decision;
import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.RemoteChanges;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.verify.RowKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The remote over HTTP ({@code java.net.http}, HTTP/1.1): data pages, migration status, the
 * installations listing, and the optional endpoints (checksums, the change feed, the write endpoint),
 * each call carrying a fresh bearer token from the {@link TokenSigner}.
 *
 * <p>Error mapping: 2xx with an unusable body is REMOTE_MALFORMED_RESPONSE (not retried here);
 * 429 is REMOTE_RATE_LIMITED and 5xx, timeouts and connection failures are REMOTE_UNAVAILABLE (all
 * retried by the {@link RetryPolicy}); any other status (4xx, and unexpected 1xx/3xx — redirects
 * are not followed) is REMOTE_REJECTED, permanent. On the change feed and the write endpoint, 404
 * and 501 mean the remote does not offer them: REMOTE_REJECTED at once, not retried.
 *
 * <p>Logging: every failed attempt writes one WARN line (method, path and query, status, body
 * excerpt, installation, data type, cursor, attempt, and whether it will retry); successes are
 * logged at DEBUG. Key values in a change feed's query are shown as {@code *}, and request bodies are
 * never logged. The token never appears: it is only set as a header, and body excerpts have it
 * (and anything shaped like a bearer token or JWT) redacted.
 *
 * <p>Thread-safe. Holds no secret itself.
 */
public final class HttpRemoteClient implements RemoteSource, RemoteStatus, InstallationDirectory, RemoteChanges,
        RemoteWriter {
    private static final Logger LOG = Logger.getLogger(HttpRemoteClient.class);
    /** Longest body excerpt in a log line. */
    static final int LOG_EXCERPT_CHARS = 500;
    /** Longest body excerpt in an exception message (stored on failed jobs). */
    static final int MESSAGE_EXCERPT_CHARS = 200;
    /** Bytes of an error response kept for the excerpt; the rest is not read. */
    private static final int ERROR_BODY_BYTES = 8 * 1024;
    /** Most items asked for in one page. */
    public static final int MAX_LIMIT = 10_000;
    private static final JsonFactory BODY_JSON = new JsonFactory();

    private final RemoteSettings settings;
    private final TokenSigner signer;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final RemoteJson json;

    /** Builds its own HTTP client and a retry policy from the settings. */
    public HttpRemoteClient(RemoteSettings settings, TokenSigner signer) {
        this(settings, signer, new RetryPolicy(settings.retry()));
    }

    /** With a given retry policy (a test sleeper, a deadline); builds its own HTTP client. */
    public HttpRemoteClient(RemoteSettings settings, TokenSigner signer, RetryPolicy retry) {
        this(settings, signer, retry, newHttpClient(settings));
    }

    /** With everything given; {@code http} should not follow redirects. */
    public HttpRemoteClient(RemoteSettings settings, TokenSigner signer, RetryPolicy retry, HttpClient http) {
        this(settings, signer, retry, http, new RemoteJson(settings.maxBodyBytes()));
    }

    private HttpRemoteClient(RemoteSettings settings, TokenSigner signer, RetryPolicy retry, HttpClient http,
                             RemoteJson json) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
        this.json = json;
    }

    /** The HTTP client these settings call for: HTTP/1.1, the connect timeout, no redirects. */
    public static HttpClient newHttpClient(RemoteSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The same client (sharing connections) whose retries, and each attempt's timeout, stay within
     * {@code remainingMillis}, e.g. the worker's budget for the current invocation.
     */
    @Override
    public HttpRemoteClient withDeadline(LongSupplier remainingMillis) {
        return new HttpRemoteClient(settings, signer, retry.withDeadline(remainingMillis), http, json);
    }

    public RemoteSettings settings() {
        return settings;
    }

    // ---- RemoteSource --------------------------------------------------------------------------

    @Override
    public RemotePage fetchPage(InstallationId installation, DataType dataType, Cursor after, int limit) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        String path = "/data-migration/" + encodePath(dataType.remotePath()) + "/";
        Request request = new Request("GET", path, query(limit, after), null, installation, dataType.name(), after);
        RemotePage page = execute(request, body -> json.readPage(body),
                p -> "rows=" + p.data().size() + " next=" + p.next());
        try {
            return page.requireAnswerTo(installation, limit);
        } catch (FerryException e) {
            LOG.warn("remote page refused: GET " + request.pathAndQuery(settings.basePath()) + " error=" + e.code()
                    + " installation=" + installation + " dataType=" + dataType.name() + " after=" + orDash(after)
                    + " reason=\"" + LogText.excerpt(e.getMessage(), LOG_EXCERPT_CHARS, null) + '"');
            throw e;
        }
    }

    // ---- optional checksum endpoint (verification) ---------------------------------------------

    /**
     * {@code GET {base}/data-migration/{remotePath}/checksums?chunk=N&limit=M&after=C}: chunk checksums
     * computed by the remote. Empty when the remote answers 404 or 501 (it does not offer the
     * endpoint); those answers are neither retried nor logged as failures. Otherwise as {@link #fetchPage}.
     */
    public Optional<dev.ferry.domain.verify.ChecksumPage> fetchChecksums(InstallationId installation, DataType dataType,
                                                                         Cursor after, int chunkRows, int maxChunks) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        String path = "/data-migration/" + encodePath(dataType.remotePath()) + "/checksums";
        Request request = new Request("GET", path, ChecksumJson.query(chunkRows, maxChunks, after), null, installation,
                dataType.name(), after);
        String target = request.pathAndQuery(settings.basePath());
        URI uri = URI.create(settings.baseUrl().getScheme() + "://" + settings.baseUrl().getRawAuthority() + target);
        java.util.concurrent.atomic.AtomicBoolean absent = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            return Optional.of(retry.run(attempt -> {
                try {
                    return attempt(request, uri, target, ChecksumJson::read, page -> "chunks=" + page.chunks().size(), attempt);
                } catch (AttemptFailure f) {
                    if (f.status() == 404 || f.status() == 501) {
                        throw new AttemptFailure(new ChecksumJson.Absent(f.status()), false, null, f.status(), "");
                    }
                    throw f;
                }
            }, (attempt, failure, decision) -> {
                if (failure.error() instanceof ChecksumJson.Absent) {
                    absent.set(true);
                } else {
                    logFailure(request, target, attempt, failure, decision);
                }
            }));
        } catch (FerryException e) {
            if (absent.get()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- RemoteChanges: the optional change feed -----------------------------------------------

    /**
     * {@code GET {base}/data-migration/{remotePath}/changes?limit=N[&from=T][&until=T][&afterUpdatedAt=T&afterKey=K]}:
     * rows changed in the cursor's window past its position. Parsed, guarded and retried as {@link #fetchPage};
     * 404 or 501 (no change feed) is REMOTE_REJECTED at once.
     */
    @Override
    public RemotePage fetchChanges(InstallationId installation, DataType dataType, ChangeCursor position, int limit) {
        return fetchFeed(installation, dataType, position, limit, ChangePhase.CHANGES, "changes");
    }

    /**
     * {@code GET {base}/data-migration/{remotePath}/deletions?…} (the same query as {@link #fetchChanges}):
     * tombstones in the window past the position; headers are the key columns and {@code deleted_at}.
     */
    @Override
    public RemotePage fetchDeletions(InstallationId installation, DataType dataType, ChangeCursor position, int limit) {
        return fetchFeed(installation, dataType, position, limit, ChangePhase.DELETIONS, "deletions");
    }

    private RemotePage fetchFeed(InstallationId installation, DataType dataType, ChangeCursor position, int limit,
                                 ChangePhase phase, String feed) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(position, "position");
        if (position.phase() != phase) {
            throw new IllegalArgumentException(feed + " needs a cursor in phase " + phase + ", was " + position.phase());
        }
        requireLimit(limit);
        String path = "/data-migration/" + encodePath(dataType.remotePath()) + "/" + feed;
        String query = feedQuery(dataType, position, limit, false);
        Request request = new Request("GET", path, query, feedQuery(dataType, position, limit, true), null,
                installation, dataType.name(), null, "change feed");
        RemotePage page = execute(request, body -> json.readPage(body),
                p -> "rows=" + p.data().size() + " more=" + (p.next() != null));
        try {
            return page.requireAnswerTo(installation, limit);
        } catch (FerryException e) {
            LOG.warn("remote page refused: GET " + request.shownPathAndQuery(settings.basePath()) + " error=" + e.code()
                    + " installation=" + installation + " dataType=" + dataType.name()
                    + " reason=\"" + LogText.excerpt(e.getMessage(), LOG_EXCERPT_CHARS, null) + '"');
            throw e;
        }
    }

    /** The change feed's query; {@code shown} replaces the key's values by {@code *} for logs. */
    private static String feedQuery(DataType dataType, ChangeCursor position, int limit, boolean shown) {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        if (position.from() != null) {
            query.append("&from=").append(encode(time(position.from())));
        }
        if (position.until() != null) {
            query.append("&until=").append(encode(time(position.until())));
        }
        if (position.afterUpdatedAt() != null) {
            query.append("&afterUpdatedAt=").append(encode(time(position.afterUpdatedAt())))
                    .append("&afterKey=").append(shown ? "*" : encode(RemoteValues.keyArray(dataType, position.afterKey())));
        }
        return query.toString();
    }

    private static String time(LocalDateTime t) {
        return t.toString();
    }

    // ---- RemoteWriter: the optional write endpoint ---------------------------------------------

    /**
     * {@code PUT {base}/data-migration/{remotePath}/rows} with
     * {@code {"after":[key]|null,"through":[key]|null,"headers":[columns],"data":[[values],…]}}; any 2xx
     * means applied. Retried as every call (the replacement of a range is idempotent); 404 or 501 (no
     * write endpoint) is REMOTE_REJECTED at once. The body is never logged.
     */
    @Override
    public void replaceRange(InstallationId installation, DataType dataType, RowKey after, RowKey through, List<Row> rows) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(rows, "rows");
        String path = "/data-migration/" + encodePath(dataType.remotePath()) + "/rows";
        byte[] body = rangeBody(dataType, after, through, rows);
        Request request = new Request("PUT", path, null, null, body, installation, dataType.name(), null, "write");
        execute(request, in -> Boolean.TRUE, ignored -> "rows=" + rows.size() + " bytes=" + body.length);
    }

    private static byte[] rangeBody(DataType dataType, RowKey after, RowKey through, List<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + rows.size() * 128);
        try (JsonGenerator g = BODY_JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("after");
            RemoteValues.writeKey(g, dataType, after);
            g.writeFieldName("through");
            RemoteValues.writeKey(g, dataType, through);
            g.writeArrayFieldStart("headers");
            for (String column : dataType.columnNames()) {
                g.writeString(column);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("data");
            for (Row row : rows) {
                RemoteValues.writeRow(g, dataType, row);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    // ---- RemoteStatus --------------------------------------------------------------------------

    @Override
    public Optional<InstallationStatus> get(InstallationId installation) {
        Objects.requireNonNull(installation, "installation");
        Request request = new Request("GET", "/migration-status", null, null, installation, null, null);
        return execute(request, body -> json.readStatus(body), status -> "status=" + status.map(Enum::name).orElse("unknown"));
    }

    @Override
    public void set(InstallationId installation, InstallationStatus status) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(status, "status");
        Request request = new Request("PUT", "/migration-status", null, json.writeStatus(status), installation, null, null);
        execute(request, body -> Boolean.TRUE, ignored -> "status set to " + status.name());
    }

    // ---- InstallationDirectory -----------------------------------------------------------------

    @Override
    public Batch list(Cursor after, int limit) {
        Request request = new Request("GET", "/installations", query(limit, after), null, null, null, after);
        RemoteJson.InstallationsPage page = execute(request, body -> json.readInstallations(body),
                p -> "installations=" + p.ids().size() + " next=" + p.next());
        List<InstallationId> ids = new ArrayList<>(page.ids().size());
        List<String> skipped = new ArrayList<>();
        for (String id : page.ids()) {
            try {
                ids.add(InstallationId.of(id));
            } catch (FerryException e) {
                skipped.add(LogText.excerpt(id, 60, null));
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("remote listed " + skipped.size() + " installation id(s) Ferry cannot use, skipped: " + skipped
                    + " (page after=" + after + ")");
        }
        Cursor next = page.ids().isEmpty() ? null : page.next();
        return new Batch(ids, next);
    }

    // ---- the call ------------------------------------------------------------------------------

    /**
     * One logical call; {@code installation} null means an app-level token. {@code shownQuery} is the
     * query as logged (null: the query itself); {@code optionalEndpoint} names an endpoint the remote
     * may lack, whose 404 and 501 answers are permanent (null for the mandatory endpoints).
     */
    private record Request(String method, String path, String query, String shownQuery, byte[] body,
                           InstallationId installation, String dataType, Cursor after, String optionalEndpoint) {
        Request(String method, String path, String query, byte[] body, InstallationId installation, String dataType,
                Cursor after) {
            this(method, path, query, null, body, installation, dataType, after, null);
        }

        String pathAndQuery(String basePath) {
            return basePath + path + (query == null ? "" : "?" + query);
        }

        String shownPathAndQuery(String basePath) {
            String shown = shownQuery == null ? query : shownQuery;
            return basePath + path + (shown == null ? "" : "?" + shown);
        }
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException, RemoteJson.MalformedBodyException;
    }

    @FunctionalInterface
    private interface Summary<T> {
        String of(T value);
    }

    private <T> T execute(Request request, BodyReader<T> reader, Summary<T> summary) {
        String target = request.pathAndQuery(settings.basePath());
        String shown = request.shownPathAndQuery(settings.basePath());
        URI uri = URI.create(settings.baseUrl().getScheme() + "://" + settings.baseUrl().getRawAuthority() + target);
        return retry.run(attempt -> attempt(request, uri, shown, reader, summary, attempt),
                (attempt, failure, decision) -> logFailure(request, shown, attempt, failure, decision));
    }

    private <T> T attempt(Request request, URI uri, String target, BodyReader<T> reader, Summary<T> summary, int attempt)
            throws AttemptFailure {
        long started = System.nanoTime();
        Duration timeout = attemptTimeout();
        String token = request.installation() == null ? signer.forApp() : signer.forInstallation(request.installation());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("User-Agent", "ferry");
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        HttpResponse<ResponseBody> response = send(request, builder.build(), timeout);
        int status = response.statusCode();
        ResponseBody body = response.body() == null ? ResponseBody.empty() : response.body();
        if (status < 200 || status > 299) {
            throw statusFailure(request, response, body, token);
        }
        T value;
        try {
            value = reader.read(body.open());
        } catch (RemoteJson.MalformedBodyException | IOException | RuntimeException e) {
            if (e instanceof FerryException fe) {
                throw new AttemptFailure(fe, false, null, status, excerpt(body, token, LOG_EXCERPT_CHARS));
            }
            String why = e instanceof RemoteJson.MalformedBodyException ? e.getMessage() : "invalid JSON: " + jsonProblem(e);
            FerryException error = new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, request.method() + " "
                    + request.path() + " returned HTTP " + status + " with an unusable body: "
                    + LogText.excerpt(why, MESSAGE_EXCERPT_CHARS, token));
            throw new AttemptFailure(error, false, null, status, excerpt(body, token, LOG_EXCERPT_CHARS));
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("remote call ok: " + request.method() + " " + target + " status=" + status + " attempt=" + attempt
                    + " installation=" + orDash(request.installation()) + " dataType=" + orDash(request.dataType())
                    + " after=" + orDash(request.after()) + " bytes=" + body.size() + " " + summary.of(value)
                    + " took=" + (System.nanoTime() - started) / 1_000_000 + "ms");
        }
        return value;
    }

    private Duration attemptTimeout() {
        long remaining = retry.remainingMillis();
        Duration timeout = settings.requestTimeout();
        if (remaining != Long.MAX_VALUE && remaining < timeout.toMillis()) {
            timeout = Duration.ofMillis(Math.max(remaining, 1));
        }
        return timeout;
    }

    private HttpResponse<ResponseBody> send(Request request, HttpRequest httpRequest, Duration timeout)
            throws AttemptFailure {
        CompletableFuture<HttpResponse<ResponseBody>> future = http.sendAsync(httpRequest, this::bodySubscriber);
        try {
            // The request timeout only covers the response headers; this bounds the body too.
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(request, "timed out after " + timeout.toMillis() + " ms", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            FerryException error = new FerryException(ErrorCode.REMOTE_UNAVAILABLE,
                    request.method() + " " + request.path() + " interrupted");
            throw new AttemptFailure(error, false, null, -1, "");
        } catch (ExecutionException | CancellationException e) {
            throw mapException(request, e, timeout);
        }
    }

    private HttpResponse.BodySubscriber<ResponseBody> bodySubscriber(HttpResponse.ResponseInfo info) {
        boolean ok = info.statusCode() >= 200 && info.statusCode() <= 299;
        long declared;
        try {
            declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        } catch (NumberFormatException e) {
            declared = -1;
        }
        return ok
                ? new BoundedBodySubscriber(settings.maxBodyBytes(), false, declared, info.statusCode())
                : new BoundedBodySubscriber(ERROR_BODY_BYTES, true, declared, info.statusCode());
    }

    private AttemptFailure mapException(Request request, Throwable thrown, Duration timeout) {
        Throwable cause = thrown;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof BoundedBodySubscriber.BodyTooLargeException tooLarge) {
                FerryException error = new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE,
                        request.method() + " " + request.path() + " returned HTTP " + tooLarge.status() + ": "
                                + c.getMessage());
                return new AttemptFailure(error, false, null, tooLarge.status(), "(not read)");
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return unavailable(request, "connect timed out after " + settings.connectTimeout().toMillis() + " ms", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return unavailable(request, "timed out after " + timeout.toMillis() + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return unavailable(request, "connection failed (" + describe(cause) + ")", cause);
        }
        if (cause instanceof IOException || cause instanceof CancellationException) {
            return unavailable(request, "connection error (" + describe(cause) + ")", cause);
        }
        FerryException error = new FerryException(ErrorCode.INTERNAL, request.method() + " " + request.path()
                + " failed: " + describe(cause), cause);
        return new AttemptFailure(error, false, null, -1, "");
    }

    private static AttemptFailure unavailable(Request request, String what, Throwable cause) {
        FerryException error = new FerryException(ErrorCode.REMOTE_UNAVAILABLE,
                request.method() + " " + request.path() + " " + what, cause);
        return new AttemptFailure(error, true, null, -1, "");
    }

    private AttemptFailure statusFailure(Request request, HttpResponse<ResponseBody> response, ResponseBody body,
                                         String token) {
        int status = response.statusCode();
        String logExcerpt = excerpt(body, token, LOG_EXCERPT_CHARS);
        String message = request.method() + " " + request.path() + " returned HTTP " + status
                + bodyForMessage(body, token);
        if (request.optionalEndpoint() != null && (status == 404 || status == 501)) {
            return new AttemptFailure(new FerryException(ErrorCode.REMOTE_REJECTED, "the remote has no "
                    + request.optionalEndpoint() + " endpoint: " + message), false, null, status, logExcerpt);
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(retry::parseRetryAfter).orElse(null);
        if (status == 429) {
            return new AttemptFailure(new FerryException(ErrorCode.REMOTE_RATE_LIMITED, message), true, retryAfter,
                    status, logExcerpt);
        }
        if (status >= 500) {
            return new AttemptFailure(new FerryException(ErrorCode.REMOTE_UNAVAILABLE, message), true, retryAfter,
                    status, logExcerpt);
        }
        String kind = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
        return new AttemptFailure(new FerryException(ErrorCode.REMOTE_REJECTED, message + kind), false, null,
                status, logExcerpt);
    }

    private static String bodyForMessage(ResponseBody body, String token) {
        String excerpt = excerpt(body, token, MESSAGE_EXCERPT_CHARS);
        return excerpt.isEmpty() ? "" : ": " + excerpt;
    }

    private static String excerpt(ResponseBody body, String token, int maxChars) {
        if (body.size() == 0) {
            return "";
        }
        // Redact over a wider window than is shown, so a token straddling the cut is still caught.
        String head = body.head(maxChars * 4);
        String shown = LogText.excerpt(head, maxChars, token);
        return body.truncated() && !shown.endsWith("…") ? shown + "…" : shown;
    }

    private void logFailure(Request request, String target, int attempt, AttemptFailure failure, Decision decision) {
        String next = decision instanceof Decision.Retry r
                ? "retrying in " + r.delay().toMillis() + " ms"
                : "giving up (" + ((Decision.GiveUp) decision).reason() + ")";
        StringBuilder line = new StringBuilder(256)
                .append("remote call failed: ").append(request.method()).append(' ').append(target)
                .append(" status=").append(failure.status() < 0 ? "none" : String.valueOf(failure.status()))
                .append(" error=").append(failure.error().code())
                .append(" attempt=").append(attempt).append('/').append(retry.settings().maxAttempts())
                .append(" installation=").append(orDash(request.installation()))
                .append(" dataType=").append(orDash(request.dataType()))
                .append(" after=").append(orDash(request.after()))
                .append(" next=").append(next);
        failure.retryAfter().ifPresent(d -> line.append(" retryAfter=").append(d.toSeconds()).append('s'));
        if (failure.status() < 0) {
            line.append(" reason=\"").append(LogText.excerpt(failure.error().getMessage(), LOG_EXCERPT_CHARS, null)).append('"');
        } else {
            line.append(" body=\"").append(failure.bodyExcerpt()).append('"');
            if (failure.error().code() == ErrorCode.REMOTE_MALFORMED_RESPONSE) {
                line.append(" reason=\"").append(LogText.excerpt(failure.error().getMessage(), LOG_EXCERPT_CHARS, null))
                        .append('"');
            }
        }
        LOG.warn(line.toString());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    private static String query(int limit, Cursor after) {
        requireLimit(limit);
        String query = "limit=" + limit;
        if (after != null) {
            query += "&after=" + encode(after.value());
        }
        return query;
    }

    /** Percent-encodes for a query value or path segment: spaces as %20, never '+'. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    private static String encodePath(String remotePath) {
        StringBuilder out = new StringBuilder();
        for (String segment : remotePath.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }

    private static String jsonProblem(Exception e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    @Override
    public String toString() {
        return "HttpRemoteClient[" + settings.baseUrl() + ", signer=" + signer + "]";
    }
}
