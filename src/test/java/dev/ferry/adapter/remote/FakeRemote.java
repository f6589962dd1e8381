package dev.ferry.adapter.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted remote on 127.0.0.1 (random port) under the base path {@code /remote}. Each path gets
 * a queue of responders; the last one keeps answering once the others are used up. Unscripted
 * paths answer 404. Every request is recorded.
 */
final class FakeRemote implements AutoCloseable {
    static final String BASE_PATH = "/remote";

    /** Writes one response. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    /** A request as the fake remote saw it. */
    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The bearer token, without the scheme. */
        String token() {
            String auth = header("Authorization");
            return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        }

        /** The query's parameters, percent-decoded (a '+' stays a '+'). */
        Map<String, String> query() {
            Map<String, String> out = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return out;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(decode(key), decode(value));
            }
            return out;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Responder>> scripts = new HashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    FakeRemote() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** Scripts the next answers for {@code path} (relative to the base, e.g. {@code /migration-status}). */
    synchronized FakeRemote on(String path, Responder... responders) {
        Deque<Responder> queue = scripts.computeIfAbsent(BASE_PATH + path, p -> new ArrayDeque<>());
        for (Responder r : responders) {
            queue.addLast(r);
        }
        return this;
    }

    List<Received> requests() {
        return new ArrayList<>(received);
    }

    Received lastRequest() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            received.add(new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Responder responder = next(uri.getRawPath());
            if (responder == null) {
                send(exchange, 404, "{\"error\":\"not scripted\"}");
                return;
            }
            responder.respond(exchange);
        } catch (IOException | RuntimeException e) {
            // the client went away (timeouts, cancelled bodies): nothing to do
        }
    }

    private synchronized Responder next(String path) {
        Deque<Responder> queue = scripts.get(path);
        if (queue == null || queue.isEmpty()) {
            return null;
        }
        return queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
    }

    // ---- responders ----------------------------------------------------------------------------

    static Responder json(String body) {
        return status(200, body);
    }

    static Responder status(int status, String body, String... headerPairs) {
        return exchange -> {
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            send(exchange, status, body);
        };
    }

    /** Answers 200 with the request's Authorization header echoed in the body, with the given status. */
    static Responder echoAuthorization(int status) {
        return exchange -> send(exchange, status, "{\"error\":\"bad token\",\"got\":\""
                + exchange.getRequestHeaders().getFirst("Authorization") + "\"}");
    }

    /** Never answers (until the fake remote closes). */
    Responder hang() {
        return exchange -> {
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Sends the headers and the first bytes of a body, then stalls. */
    Responder stallBody() {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"headers\":[\"id\"],\"data\":[".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Streams {@code bytes} bytes of a JSON body without declaring its length. */
    static Responder largeChunked(long bytes) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"headers\":[\"v\"],\"data\":[[\"".getBytes(StandardCharsets.UTF_8));
            byte[] block = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
            out.write("\"]],\"pagination\":{\"afterId\":null}}".getBytes(StandardCharsets.UTF_8));
        };
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
