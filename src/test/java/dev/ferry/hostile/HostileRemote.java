package dev.ferry.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on 127.0.0.1 implementing the remote contract Ferry pulls from, written from the
 * contract alone, which can misbehave on purpose in the named ways of {@link Kind}.
 *
 * <p>Healthy: data pages and the listing are paged by opaque string cursors, never longer than
 * {@code limit} (default 100); every data page names its installation; tokens are HS256 with
 * {@code iss} {@code ferry}, the audience, {@code exp}/{@code nbf} within 60 s of skew, the claim
 * {@code installationId} for installation calls and {@code sub} {@code ferry-app} for the listing.
 * A refused token gets 401, an unknown installation or data type 404, a bad query or body 400.
 *
 * <p>Misbehaviours answer only requests whose token is valid; the first active matching one, in
 * order added, answers. Error-status kinds do not carry the request out (a refused PUT changes
 * nothing); the others answer 200-ish and do.
 */
public final class HostileRemote implements AutoCloseable {

    /** The context path of {@link #baseUrl()}. */
    public static final String BASE_PATH = "/app";
    /** Statuses a PUT may set. */
    public static final Set<String> STATUSES = Set.of("READY", "PENDING", "IN_PROGRESS", "DONE");

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_REQUEST_BODY = 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
            + "<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer in time.</p>"
            + "<hr><address>edge-proxy</address></body></html>\n";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Tokens tokens;
    private final Map<String, Installation> installations = new LinkedHashMap<>();
    private final List<String> listed = new ArrayList<>();
    private final List<Misbehaviour> misbehaviours = new CopyOnWriteArrayList<>();
    private final List<ServedRequest> served = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nonces = new AtomicLong();
    private final AtomicInteger abandoned = new AtomicInteger();
    private volatile boolean endWithEmptyPage;
    private volatile int maxPageSize = Integer.MAX_VALUE;

    private static final class Installation {
        String status;
        final Map<String, Pages.Table> tables = new HashMap<>();

        Installation(String status) {
            this.status = status;
        }
    }

    private record Route(Endpoint endpoint, String dataType, Reply error) {
    }

    private HostileRemote(byte[] secret, String audience) throws IOException {
        this.tokens = new Tokens(secret, Objects.requireNonNull(audience, "audience"));
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-remote-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.createContext(BASE_PATH + "/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** HS256 shared secret (>= 32 bytes) and expected audience; binds 127.0.0.1 on a free port. */
    public static HostileRemote start(byte[] hs256Secret, String audience) {
        Objects.requireNonNull(hs256Secret, "secret");
        if (hs256Secret.length < 32) {
            throw new IllegalArgumentException("HS256 secret must be at least 32 bytes");
        }
        try {
            return new HostileRemote(hs256Secret, audience);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1", e);
        }
    }

    /** The contract's {@code {base}}, e.g. {@code http://127.0.0.1:41234/app}, without a trailing slash. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** Adds (or replaces the status of) an installation; listing order is first insertion order. */
    public synchronized void putInstallation(String installationId, String status) {
        Objects.requireNonNull(installationId, "installationId");
        Objects.requireNonNull(status, "status");
        Installation existing = installations.get(installationId);
        if (existing != null) {
            existing.status = status;
        } else {
            installations.put(installationId, new Installation(status));
            if (!listed.contains(installationId)) {
                listed.add(installationId);
            }
        }
    }

    /** Lists an id in {@code GET /installations} without any data or status; repeat it to list it twice. */
    public synchronized void listInstallation(String installationId) {
        listed.add(Objects.requireNonNull(installationId, "installationId"));
    }

    /**
     * The data of one data type (the {@code {dataType}} path segment) of one installation, which is
     * added as READY if unknown. Values: null, Boolean, Integer/Long, BigInteger, BigDecimal, Double,
     * String, Map/List (nested JSON) or {@link RawJson} (verbatim). Rows need not match the headers.
     */
    public synchronized void putData(String installationId, String dataType, List<String> headers,
                                     List<List<Object>> rows) {
        Objects.requireNonNull(dataType, "dataType");
        List<String> h = List.copyOf(headers);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Json.check(row);
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        if (!installations.containsKey(installationId)) {
            putInstallation(installationId, "READY");
        }
        installations.get(installationId).tables.put(dataType, new Pages.Table(h, List.copyOf(copy)));
    }

    /** The remote's current status for an installation (as last set by a PUT, or as put); null if unknown. */
    public synchronized String status(String installationId) {
        Installation i = installations.get(installationId);
        return i == null ? null : i.status;
    }

    /** When true, the last page of data and listing carries a cursor and the end is an empty page. */
    public HostileRemote endWithEmptyPage(boolean emptyPageEnds) {
        this.endWithEmptyPage = emptyPageEnds;
        return this;
    }

    /** Healthy pages hold at most this many rows or ids, even if a larger {@code limit} is asked. */
    public HostileRemote maxPageSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.maxPageSize = n;
        return this;
    }

    /** Starts a misbehaviour; returns it so a test can stop it early. */
    public Misbehaviour misbehave(Misbehaviour m) {
        m.freeze();
        misbehaviours.add(m);
        return m;
    }

    /** Stops and forgets every misbehaviour. */
    public void clearMisbehaviours() {
        misbehaviours.forEach(Misbehaviour::stop);
        misbehaviours.clear();
    }

    /** Every request served so far, in order of arrival at the answer. */
    public List<ServedRequest> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    /** How many responses the remote stopped writing because the client went away. */
    public int abandonedResponses() {
        return abandoned.get();
    }

    /** Stops the server at once, cutting off responses still being written. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        Instant at = Instant.now();
        URI uri = exchange.getRequestURI();
        String installationId = null;
        Misbehaviour m = null;
        try (exchange) {
            byte[] requestBody = readBody(exchange.getRequestBody());
            Route route = route(exchange.getRequestMethod(), uri.getRawPath());
            Reply reply = route.error();
            if (reply == null) {
                try {
                    Tokens.Caller caller = tokens.verify(exchange.getRequestHeaders().getFirst("Authorization"), at);
                    checkCaller(route.endpoint(), caller);
                    installationId = caller.installationId();
                    Map<String, String> query = query(uri.getRawQuery());
                    if (query == null) {
                        reply = Reply.error(400, "bad query");
                    } else {
                        m = claim(route, installationId, at);
                        reply = answer(route, installationId, query, requestBody, m);
                    }
                } catch (Tokens.Refused refused) {
                    reply = Reply.error(401, "token refused: " + refused.getMessage());
                    reply = new Reply(401, reply.contentType(),
                            Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), reply.shape());
                }
            }
            served.add(new ServedRequest(at, exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    installationId, reply.status(), m == null ? null : m.kind().name()));
            send(exchange, reply, m);
        } catch (IOException e) {
            abandoned.incrementAndGet();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private static void checkCaller(Endpoint endpoint, Tokens.Caller caller) throws Tokens.Refused {
        if (endpoint == Endpoint.LISTING) {
            if (!Tokens.APP_SUBJECT.equals(caller.subject())) {
                throw new Tokens.Refused("WRONG_SUBJECT");
            }
        } else if (caller.installationId() == null || caller.installationId().isEmpty()) {
            throw new Tokens.Refused("MISSING_CLAIM");
        }
    }

    private Misbehaviour claim(Route route, String installationId, Instant at) {
        for (Misbehaviour m : misbehaviours) {
            if (m.claim(route.endpoint(), installationId, route.dataType(), at)) {
                return m;
            }
        }
        return null;
    }

    private Reply answer(Route route, String installationId, Map<String, String> query, byte[] body,
                         Misbehaviour m) {
        Kind kind = m == null ? null : m.kind();
        if (kind != null && kind.refuses()) {
            int status = Integer.parseInt(kind.name().substring("STATUS_".length()));
            Reply error = Reply.error(status, switch (status) {
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 429 -> "too many requests";
                case 503 -> "service unavailable";
                default -> "internal server error";
            });
            return m.retryAfterValue() == null ? error
                    : new Reply(status, error.contentType(), Map.of("Retry-After", m.retryAfterValue()), error.shape());
        }
        if (kind == Kind.HTML_BODY) {
            return new Reply(200, "text/html; charset=utf-8", Map.of(), new Reply.Shape(HTML_PAGE, List.of(), ""));
        }
        Reply reply = switch (route.endpoint()) {
            case DATA -> data(installationId, route.dataType(), query, m);
            case LISTING -> listing(query, kind);
            case STATUS_GET -> statusGet(installationId);
            case STATUS_PUT -> statusPut(installationId, body);
            case ANY -> throw new IllegalStateException();
        };
        return kind == Kind.MALFORMED_JSON ? malformed(reply) : reply;
    }

    private Reply data(String installationId, String dataType, Map<String, String> query, Misbehaviour m) {
        Pages.Table table;
        synchronized (this) {
            Installation i = installations.get(installationId);
            if (i == null) {
                return Reply.error(404, "unknown installation");
            }
            table = i.tables.get(dataType);
        }
        if (table == null) {
            return Reply.error(404, "unknown data type");
        }
        Integer limit = limit(query);
        if (limit == null) {
            return Reply.error(400, "limit must be a positive integer");
        }
        int offset;
        try {
            offset = Cursors.dataOffset(query.get("after"), dataType);
        } catch (Cursors.BadCursor e) {
            return Reply.error(400, "bad cursor");
        }
        Pages.Position p = new Pages.Position(limit, Math.min(limit, maxPageSize), offset, endWithEmptyPage);
        return Pages.data(installationId, dataType, table, p, m == null ? null : m.kind(),
                m == null ? null : m.foreignInstallation(), nonces.incrementAndGet());
    }

    private Reply listing(Map<String, String> query, Kind kind) {
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(listed);
        }
        Integer limit = limit(query);
        if (limit == null) {
            return Reply.error(400, "limit must be a positive integer");
        }
        int offset;
        try {
            offset = Cursors.listingOffset(query.get("after"));
        } catch (Cursors.BadCursor e) {
            return Reply.error(400, "bad cursor");
        }
        Pages.Position p = new Pages.Position(limit, Math.min(limit, maxPageSize), offset, endWithEmptyPage);
        return Pages.listing(ids, p, kind, nonces.incrementAndGet());
    }

    private Reply statusGet(String installationId) {
        String status = status(installationId);
        return status == null ? Reply.error(404, "unknown installation")
                : Reply.json(200, "{\"status\":" + Json.write(status) + "}");
    }

    private Reply statusPut(String installationId, byte[] body) {
        String status;
        try {
            JsonNode node = MAPPER.readTree(body);
            JsonNode s = node == null ? null : node.get("status");
            status = s != null && s.isTextual() ? s.textValue() : null;
        } catch (IOException e) {
            status = null;
        }
        if (status == null || !STATUSES.contains(status)) {
            return Reply.error(400, "body must be {\"status\":\"READY|PENDING|IN_PROGRESS|DONE\"}");
        }
        synchronized (this) {
            Installation i = installations.get(installationId);
            if (i == null) {
                return Reply.error(404, "unknown installation");
            }
            i.status = status;
        }
        return Reply.json(200, "{\"status\":" + Json.write(status) + "}");
    }

    /** The healthy body cut off halfway through its last value, still announced as JSON, with 200. */
    private static Reply malformed(Reply healthy) {
        String text = healthy.shape().text();
        int end = text.length() - 1;
        while (end > 0 && text.charAt(end) == '}') {
            end--;
        }
        int start = text.lastIndexOf(':', end) + 1;
        int cut = start + Math.max(1, (end - start + 1) / 2);
        return new Reply(200, Reply.JSON, Map.of(), new Reply.Shape(text.substring(0, cut), List.of(), ""));
    }

    private void send(HttpExchange exchange, Reply reply, Misbehaviour m) throws IOException {
        Kind kind = m == null ? null : m.kind();
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type",
                kind == Kind.WRONG_CONTENT_TYPE ? "text/plain; charset=utf-8" : reply.contentType());
        OutputStream out = exchange.getResponseBody();
        if (kind == Kind.OVERSIZED_BODY_WITH_LENGTH || kind == Kind.OVERSIZED_BODY_CHUNKED) {
            long length = Bodies.oversizedLength(reply.shape(), m.bodyBytes());
            exchange.sendResponseHeaders(reply.status(), kind == Kind.OVERSIZED_BODY_CHUNKED ? 0 : length);
            Bodies.writeOversized(new BufferedOutputStream(out, 64 * 1024), reply.shape(), m.bodyBytes());
            return;
        }
        byte[] body = reply.bytes();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (kind == Kind.DRIP_FED) {
            Bodies.drip(out, body, m.dripTime());
        } else if (body.length > 0) {
            out.write(body);
        }
    }

    private static Route route(String method, String rawPath) {
        if (!rawPath.startsWith(BASE_PATH + "/")) {
            return new Route(null, null, Reply.error(404, "not found"));
        }
        String rest = rawPath.substring(BASE_PATH.length());
        if (rest.startsWith("/data-migration/")) {
            String segment = rest.substring("/data-migration/".length());
            if (segment.endsWith("/")) {
                segment = segment.substring(0, segment.length() - 1);
            }
            if (segment.isEmpty() || segment.contains("/")) {
                return new Route(null, null, Reply.error(404, "not found"));
            }
            String dataType = decode(segment);
            return dataType == null ? new Route(null, null, Reply.error(400, "bad path"))
                    : get(method, Endpoint.DATA, dataType);
        }
        if (rest.equals("/installations") || rest.equals("/installations/")) {
            return get(method, Endpoint.LISTING, null);
        }
        if (rest.equals("/migration-status") || rest.equals("/migration-status/")) {
            return switch (method) {
                case "GET" -> new Route(Endpoint.STATUS_GET, null, null);
                case "PUT" -> new Route(Endpoint.STATUS_PUT, null, null);
                default -> new Route(null, null, Reply.error(405, "method not allowed"));
            };
        }
        return new Route(null, null, Reply.error(404, "not found"));
    }

    private static Route get(String method, Endpoint endpoint, String dataType) {
        return method.equals("GET") ? new Route(endpoint, dataType, null)
                : new Route(null, null, Reply.error(405, "method not allowed"));
    }

    /** The {@code limit} parameter: default 100, null when not a positive integer. */
    private static Integer limit(Map<String, String> query) {
        String text = query.get("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            return limit >= 1 ? limit : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The query's parameters (first value wins), or null if its escapes are broken. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return params;
    }

    /** A percent-decoded path segment, or null if its escapes are broken. */
    private static String decode(String pathSegment) {
        try {
            return URLDecoder.decode(pathSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BODY);
        in.transferTo(OutputStream.nullOutputStream());
        return body;
    }
}
