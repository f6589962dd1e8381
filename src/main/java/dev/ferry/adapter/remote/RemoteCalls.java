package dev.ferry.adapter.remote;

import dev.ferry.adapter.remote.RetryPolicy.AttemptFailure;
import dev.ferry.adapter.remote.RetryPolicy.Decision;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The call core every endpoint class of the remote shares ({@code java.net.http}, HTTP/1.1): one logical
 * call is a {@link Request}, sent with a fresh bearer token from the {@link TokenSigner}, retried by the
 * {@link RetryPolicy}, its body bounded and read, its failures mapped and logged.
 *
 * <p>Error mapping: 2xx with an unusable body is REMOTE_MALFORMED_RESPONSE (not retried here);
 * 429 is REMOTE_RATE_LIMITED and 5xx, timeouts and connection failures are REMOTE_UNAVAILABLE (all
 * retried by the {@link RetryPolicy}); any other status (4xx, and unexpected 1xx/3xx — redirects
 * are not followed) is REMOTE_REJECTED, permanent. On an optional endpoint ({@link Request#optionalEndpoint}),
 * 404 and 501 mean the remote does not offer it: REMOTE_REJECTED at once, not retried
 * ({@link #executeIfOffered} answers empty instead).
 *
 * <p>Logging: every failed attempt writes one WARN line (method, path and query, status, body
 * excerpt, installation, data type, cursor, attempt, and whether it will retry); successes are
 * logged at DEBUG. A request's {@link Request#shownQuery} replaces what must not be logged (the change
 * feed's key values), and request bodies are never logged. The token never appears: it is only set as a
 * header, and body excerpts have it (and anything shaped like a bearer token or JWT) redacted.
 *
 * <p>Thread-safe. Holds no secret itself.
 */
final class RemoteCalls {
    private static final Logger LOG = Logger.getLogger(RemoteCalls.class);
    /** Longest body excerpt in a log line. */
    static final int LOG_EXCERPT_CHARS = 500;
    /** Longest body excerpt in an exception message (stored on failed jobs). */
    static final int MESSAGE_EXCERPT_CHARS = 200;
    /** Bytes of an error response kept for the excerpt; the rest is not read. */
    private static final int ERROR_BODY_BYTES = 8 * 1024;

    private final RemoteSettings settings;
    private final TokenSigner signer;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final RemoteJson json;

    /** {@code http} should not follow redirects (see {@link #newHttpClient}). */
    RemoteCalls(RemoteSettings settings, TokenSigner signer, RetryPolicy retry, HttpClient http) {
        this(settings, signer, retry, http, new RemoteJson(settings.maxBodyBytes()));
    }

    private RemoteCalls(RemoteSettings settings, TokenSigner signer, RetryPolicy retry, HttpClient http, RemoteJson json) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
        this.json = json;
    }

    /** The HTTP client these settings call for: HTTP/1.1, the connect timeout, no redirects. */
    static HttpClient newHttpClient(RemoteSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The same calls (sharing connections) whose retries, and each attempt's timeout, stay within
     * {@code remainingMillis}, e.g. the worker's budget for the current invocation.
     */
    RemoteCalls withDeadline(LongSupplier remainingMillis) {
        return new RemoteCalls(settings, signer, retry.withDeadline(remainingMillis), http, json);
    }

    RemoteSettings settings() {
        return settings;
    }

    /** The bounded JSON reader of the remote's answers. */
    RemoteJson json() {
        return json;
    }

    // ---- the call ------------------------------------------------------------------------------

    /**
     * One logical call; {@code installation} null means an app-level token. {@code shownQuery} is the
     * query as logged (null: the query itself); {@code optionalEndpoint} names an endpoint the remote
     * may lack, whose 404 and 501 answers are permanent (null for the mandatory endpoints).
     */
    record Request(String method, String path, String query, String shownQuery, byte[] body,
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

    /** Reads a 2xx answer's body. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException, RemoteJson.MalformedBodyException;
    }

    /** What a successful call's DEBUG line says about its answer. */
    @FunctionalInterface
    interface Summary<T> {
        String of(T value);
    }

    /** Sends the request, retried as the policy says; the answer read, or the last attempt's failure thrown. */
    <T> T execute(Request request, BodyReader<T> reader, Summary<T> summary) {
        String target = request.pathAndQuery(settings.basePath());
        String shown = shown(request);
        URI uri = uri(target);
        return retry.run(attempt -> attempt(request, uri, shown, reader, summary, attempt),
                (attempt, failure, decision) -> logFailure(request, shown, attempt, failure, decision));
    }

    /**
     * As {@link #execute}, for an endpoint the remote may not offer: empty when it answers 404 or 501,
     * answers that are neither retried nor logged as failures.
     */
    <T> Optional<T> executeIfOffered(Request request, BodyReader<T> reader, Summary<T> summary) {
        String shown = shown(request);
        URI uri = uri(request.pathAndQuery(settings.basePath()));
        AtomicBoolean absent = new AtomicBoolean();
        try {
            return Optional.of(retry.run(attempt -> {
                try {
                    return attempt(request, uri, shown, reader, summary, attempt);
                } catch (AttemptFailure f) {
                    if (f.status() == 404 || f.status() == 501) {
                        throw new AttemptFailure(new Absent(f.status()), false, null, f.status(), "");
                    }
                    throw f;
                }
            }, (attempt, failure, decision) -> {
                if (failure.error() instanceof Absent) {
                    absent.set(true);
                } else {
                    logFailure(request, shown, attempt, failure, decision);
                }
            }));
        } catch (FerryException e) {
            if (absent.get()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The remote does not offer an optional endpoint (404 or 501). */
    private static final class Absent extends FerryException {
        Absent(int status) {
            super(ErrorCode.REMOTE_REJECTED, "the remote does not offer the endpoint (HTTP " + status + ")");
        }
    }

    /** The request's path and query as logged. */
    String shown(Request request) {
        return request.shownPathAndQuery(settings.basePath());
    }

    private URI uri(String target) {
        return URI.create(settings.baseUrl().getScheme() + "://" + settings.baseUrl().getRawAuthority() + target);
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

    static void requireLimit(int limit) {
        if (limit < 1 || limit > RemoteEndpoints.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + RemoteEndpoints.MAX_LIMIT + ", was " + limit);
        }
    }

    /** {@code limit=N[&after=C]}: the paged endpoints' query. */
    static String query(int limit, Cursor after) {
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

    /** {@code /data-migration/{remotePath}/{endpoint}}, each segment of the plan's remote path encoded. */
    static String dataPath(DataType dataType, String endpoint) {
        return "/data-migration/" + encodePath(dataType.remotePath()) + "/" + endpoint;
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

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    @Override
    public String toString() {
        return "RemoteCalls[" + settings.baseUrl() + ", signer=" + signer + "]";
    }
}
