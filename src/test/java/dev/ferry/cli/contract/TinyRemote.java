package dev.ferry.cli.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.verifier.RemoteTokenVerifier;
import dev.ferry.verifier.TokenRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A remote of a few lines on 127.0.0.1 serving the contract for one data type, {@code items} (ids 1 to 5,
 * string cursors {@code c<id>}), with flaws that can be switched on one at a time: what the contract
 * checker must catch.
 */
final class TinyRemote implements AutoCloseable {
    static final String INSTALLATION = "acme";
    static final String DATA_TYPE = "items";
    static final int ROWS = 5;

    /** Ways to break the contract. */
    enum Flaw {
        /** No token check at all: no token and bad signatures are served. */
        ACCEPTS_ANY_TOKEN,
        /** Pages of 3 rows whatever the limit. */
        IGNORES_LIMIT,
        /** Rows and cursors forever: no end signal. */
        NEVER_ENDS,
        /** {@code after} is ignored: every page is the first one. */
        IGNORES_CURSOR,
        /** Pages follow a position kept on the server, not the cursor. */
        SESSION_PAGING,
        /** Cursors are sent as numbers but accepted only rewritten as {@code id:N}. */
        REWRITES_CURSORS,
        /** {@code afterId} is an object. */
        OBJECT_CURSOR,
        /** A PUT of the status the installation already has is refused with 409. */
        REPEATED_PUT_REFUSED,
        /** The checksum endpoint answers 500 instead of 404. */
        CHECKSUMS_FAIL
    }

    private final HttpServer server;
    private final RemoteTokenVerifier verifier;
    private final Set<Flaw> flaws;
    private final Map<String, String> statuses = new ConcurrentHashMap<>(Map.of(INSTALLATION, "READY", "beta", "PENDING"));
    private final AtomicInteger sessionPosition = new AtomicInteger();

    private TinyRemote(byte[] secret, Set<Flaw> flaws) {
        this.verifier = RemoteTokenVerifier.builder().sharedSecret(secret).build();
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    static TinyRemote start(byte[] secret, Flaw... flaws) {
        return new TinyRemote(secret, Set.of(flaws));
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String status(String installation) {
        return statuses.get(installation);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String installation;
            try {
                installation = authenticate(path, authorization);
            } catch (TokenRejectedException e) {
                reply(exchange, e.reason().httpStatus(), "{\"error\":\"unauthorized\",\"message\":\"" + e.reason() + "\"}");
                return;
            }
            if (path.equals("/migration-status")) {
                status(exchange, installation);
            } else if (path.equals("/installations")) {
                reply(exchange, 200, "{\"installations\":[\"acme\",\"beta\"],\"pagination\":{\"afterId\":null}}");
            } else if (path.equals("/data-migration/" + DATA_TYPE + "/")) {
                page(exchange, query);
            } else if (path.equals("/data-migration/" + DATA_TYPE + "/checksums") && flaws.contains(Flaw.CHECKSUMS_FAIL)) {
                reply(exchange, 500, "{\"error\":\"internal\",\"message\":\"checksums broke\"}");
            } else {
                reply(exchange, 404, "{\"error\":\"not_found\",\"message\":\"no such endpoint\"}");
            }
        }
    }

    private String authenticate(String path, String authorization) throws TokenRejectedException {
        if (flaws.contains(Flaw.ACCEPTS_ANY_TOKEN)) {
            return INSTALLATION;
        }
        if (path.equals("/installations")) {
            verifier.verifyForApp(authorization);
            return null;
        }
        return verifier.verifyForAnyInstallation(authorization).installationId();
    }

    private void status(HttpExchange exchange, String installation) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            reply(exchange, 200, "{\"status\":\"" + statuses.get(installation) + "\"}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String status = body.replaceAll(".*\"status\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
        if (flaws.contains(Flaw.REPEATED_PUT_REFUSED) && status.equals(statuses.get(installation))) {
            reply(exchange, 409, "{\"error\":\"conflict\",\"message\":\"already " + status + "\"}");
            return;
        }
        statuses.put(installation, status);
        exchange.sendResponseHeaders(204, -1);
    }

    private void page(HttpExchange exchange, Map<String, String> query) throws IOException {
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        if (limit > 1000) {
            reply(exchange, 400, "{\"error\":\"bad_request\",\"message\":\"limit must be 1 to 1000\"}");
            return;
        }
        String after = query.get("after");
        int from;
        if (flaws.contains(Flaw.REWRITES_CURSORS)) {
            if (after != null && !after.startsWith("id:")) {
                reply(exchange, 400, "{\"error\":\"bad_request\",\"message\":\"after must look like id:N\"}");
                return;
            }
            from = after == null ? 0 : Integer.parseInt(after.substring(3));
        } else if (flaws.contains(Flaw.IGNORES_CURSOR)) {
            from = 0;
        } else if (flaws.contains(Flaw.SESSION_PAGING)) {
            from = after == null ? 0 : sessionPosition.get();
        } else if (after == null) {
            from = 0;
        } else if (after.matches("c\\d+")) {
            from = Integer.parseInt(after.substring(1));
        } else {
            reply(exchange, 400, "{\"error\":\"bad_request\",\"message\":\"not a cursor of this remote\"}");
            return;
        }
        int size = flaws.contains(Flaw.IGNORES_LIMIT) ? 3 : limit;
        int last = flaws.contains(Flaw.NEVER_ENDS) ? from + size : Math.min(ROWS, from + size);
        StringBuilder data = new StringBuilder();
        for (int id = from + 1; id <= last; id++) {
            data.append(data.length() == 0 ? "" : ",").append("[").append(id).append(",\"item ").append(id).append("\"]");
        }
        sessionPosition.set(last);
        boolean more = flaws.contains(Flaw.NEVER_ENDS) || last < ROWS;
        String cursor;
        if (!more) {
            cursor = "null";
        } else if (flaws.contains(Flaw.OBJECT_CURSOR)) {
            cursor = "{\"id\":" + last + "}";
        } else if (flaws.contains(Flaw.REWRITES_CURSORS)) {
            cursor = String.valueOf(last);
        } else {
            cursor = "\"c" + last + "\"";
        }
        reply(exchange, 200, "{\"installationId\":\"" + INSTALLATION + "\",\"headers\":[\"id\",\"name\"],\"data\":[" + data
                + "],\"pagination\":{\"afterId\":" + cursor + "}}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
