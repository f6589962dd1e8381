package dev.ferry.local.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ferry.verifier.RemoteTokenVerifier;
import dev.ferry.verifier.TokenRejectedException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes every request of the sample remote: finds the endpoint, counts it, checks the token with
 * Ferry's reusable {@link RemoteTokenVerifier} (the listing needs an app-level token, every other
 * endpoint a token naming a known installation), lets the {@link FaultHook} interfere, runs the handler and
 * writes the answer. Logs method, path and status, never the token.
 */
final class RemoteRouter implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(SampleRemoteServer.class.getName());
    private static final Pattern DATA_MIGRATION =
            Pattern.compile("/data-migration/([^/]+(?:/(?:checksums|changes|deletions|rows))?)/?");
    /** Largest request body read (the write endpoint's rows). */
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    /** Bytes gathered before a chunk of a streamed body is sent. */
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private final RemoteTokenVerifier verifier;
    private final SampleSourceDatabase source;
    private final RemoteCounters counters;
    private final Supplier<FaultHook> faultHook;
    private final Map<RemoteEndpoint, RemoteHandler> handlers;

    RemoteRouter(RemoteTokenVerifier verifier, SampleSourceDatabase source, RemoteCounters counters,
                 Supplier<FaultHook> faultHook, Supplier<Set<OptionalEndpoint>> absentEndpoints,
                 PrerenderedPages prerendered) {
        this.verifier = verifier;
        this.source = source;
        this.counters = counters;
        this.faultHook = faultHook;
        this.handlers = Map.of(
                RemoteEndpoint.DATA_MIGRATION, new DataMigrationRoutes(source, counters, absentEndpoints, prerendered),
                RemoteEndpoint.MIGRATION_STATUS, new MigrationStatusEndpoint(source),
                RemoteEndpoint.INSTALLATIONS, new InstallationsEndpoint(source));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        RemoteResponse response;
        try {
            response = route(exchange, path);
        } catch (RemoteError e) {
            response = errorResponse(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Sample remote failed on " + exchange.getRequestMethod() + " " + path, e);
            response = RemoteResponse.json(500, RemoteJson.error("internal", "the sample remote failed"));
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2}", exchange.getRequestMethod(), path, response.status());
        write(exchange, response);
    }

    private RemoteResponse route(HttpExchange exchange, String path) throws RemoteError {
        Matcher dataMigration = DATA_MIGRATION.matcher(path);
        RemoteEndpoint endpoint;
        String remotePath = null;
        if (dataMigration.matches()) {
            endpoint = RemoteEndpoint.DATA_MIGRATION;
            remotePath = dataMigration.group(1);
        } else if (path.equals("/migration-status") || path.equals("/migration-status/")) {
            endpoint = RemoteEndpoint.MIGRATION_STATUS;
        } else if (path.equals("/installations") || path.equals("/installations/")) {
            endpoint = RemoteEndpoint.INSTALLATIONS;
        } else {
            throw RemoteError.notFound("no such endpoint");
        }
        long sequence = counters.request(endpoint);
        String installationId = authenticate(endpoint, exchange.getRequestHeaders().getFirst("Authorization"));

        RemoteRequest request = new RemoteRequest(endpoint, exchange.getRequestMethod(), remotePath,
                query(exchange.getRequestURI().getRawQuery()), installationId, sequence);
        Fault fault = faultHook.get().onRequest(request);
        if (fault instanceof Fault.Respond respond) {
            counters.countFault();
            return new RemoteResponse(respond.status(), respond.headers(), respond.body().getBytes(StandardCharsets.UTF_8));
        }
        if (fault instanceof Fault.Delay delay) {
            counters.countFault();
            sleep(delay);
        }
        RemoteResponse response = handlers.get(endpoint).handle(request, body(exchange));
        if (fault instanceof Fault.Truncate truncate) {
            counters.countFault();
            byte[] whole = response.bytes();
            int keep = Math.max(0, Math.min(truncate.keepBytes(), whole.length));
            return new RemoteResponse(response.status(), response.headers(), Arrays.copyOf(whole, keep));
        }
        return response;
    }

    /**
     * The installation the token acts for (null for the app-level listing). Installation endpoints
     * need a token naming a known installation; the listing needs the app itself.
     */
    private String authenticate(RemoteEndpoint endpoint, String authorization) throws RemoteError {
        try {
            if (endpoint == RemoteEndpoint.INSTALLATIONS) {
                verifier.verifyForApp(authorization);
                return null;
            }
            String installationId = verifier.verifyForAnyInstallation(authorization).installationId();
            if (!source.installationExists(installationId)) {
                throw RemoteError.forbidden("unknown installation");
            }
            return installationId;
        } catch (TokenRejectedException e) {
            throw RemoteError.refused(e);
        }
    }

    private RemoteResponse errorResponse(RemoteError e) {
        if (e.status() == 401 || e.status() == 403) {
            counters.countRejected();
            LOG.log(System.Logger.Level.DEBUG, "Refused a request: {0}", e.getMessage());
        }
        Map<String, String> headers = e.status() == 401
                ? Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"") : Map.of();
        return new RemoteResponse(e.status(), headers, RemoteJson.error(e.code(), e.getMessage()));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }

    private static byte[] body(HttpExchange exchange) throws RemoteError {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw RemoteError.badRequest("body too large");
            }
            return body;
        } catch (IOException e) {
            throw RemoteError.badRequest("could not read the body");
        }
    }

    private static void sleep(Fault.Delay delay) {
        try {
            Thread.sleep(delay.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(HttpExchange exchange, RemoteResponse response) throws IOException {
        try (exchange) {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (response.stream() != null) {
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(response.status(), 0); // chunked: the body is written as it is made
                try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), STREAM_BUFFER_BYTES)) {
                    RemoteJson.write(out, response.stream());
                } catch (IOException | RuntimeException e) {
                    // The status is sent: the client sees a cut-off body (which it must refuse) and retries.
                    LOG.log(System.Logger.Level.WARNING, "Sample remote failed while streaming "
                            + exchange.getRequestURI().getPath() + ": " + e);
                }
                return;
            }
            byte[] body = response.body();
            if (body.length > 0) {
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            }
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
