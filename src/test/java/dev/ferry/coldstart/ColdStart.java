package dev.ferry.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.local.engine.MySqlServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Cold start of the worker function in the JVM mode Lambda uses: the packaged {@code function.zip}
 * unpacked, its root and {@code lib/*} on the classpath, {@code QuarkusStreamHandler} loaded by a
 * stand-in for Lambda's Java runtime ({@link LambdaRuntimeStandIn}) with {@code QUARKUS_LAMBDA_HANDLER=worker},
 * against an emulator of the Lambda runtime API on 127.0.0.1 that serves one SQS event: the
 * {@code events/sqs-track.json} fixture, for an installation of its own that the remote (also stubbed here)
 * reports PENDING, so the worker reads its state table, signs a token and calls the remote — a complete,
 * side-effect-free first event.
 *
 * <p>Measured from just before the JVM process is started to the moment the function's response for that
 * event arrives; also the init phase alone (until the runtime's first {@code GET …/invocation/next}).
 * Prints one line per run and a summary:
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.ferry.coldstart.ColdStart -Dexec.args="5"
 * </pre>
 * Arguments: runs per zip (default 5), then the zips to compare (default {@code target/function.zip}), which
 * take turns run by run; {@code -Dcoldstart.keep=true} keeps the unpacked functions and their logs. The JVM gets
 * the template's {@code JAVA_TOOL_OPTIONS} and Lambda-like heap flags, or {@code -Dcoldstart.jvm.options}.
 * The database is {@code FERRY_MYSQL_URL} or the embedded MariaDB.
 */
public final class ColdStart {
    private static final String TEMPLATE_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -Xmx870m -Xshare:auto";
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private ColdStart() {
    }

    /** One run's figures, in milliseconds from process start. */
    public record Run(long initMillis, long firstEventMillis, int remoteCalls, String response) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Path> zips = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            zips.add(Path.of(args[i]));
        }
        if (zips.isEmpty()) {
            zips.add(Path.of("target/function.zip"));
        }
        for (Path zip : zips) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException(zip + " not found: build it first with ./mvnw package -DskipTests");
            }
        }
        Path root = Files.createTempDirectory("ferry-coldstart-");
        try (MySqlServer mysql = MySqlServer.resolve()) { // an embedded server is stopped, or its process keeps the JVM
            List<List<Run>> results = measure(zips, root, runs, mysql);
            for (int z = 0; z < zips.size(); z++) {
                Path zip = zips.get(z);
                List<Run> runsOfZip = results.get(z);
                for (int i = 0; i < runsOfZip.size(); i++) {
                    Run r = runsOfZip.get(i);
                    System.out.printf(Locale.ROOT, "cold start %s run %d: init %d ms, first SQS event handled %d ms after JVM start;"
                            + " remote calls %d, response %s%n", zip.getFileName(), i + 1, r.initMillis(), r.firstEventMillis(),
                            r.remoteCalls(), r.response());
                }
            }
            for (int z = 0; z < zips.size(); z++) {
                Path zip = zips.get(z);
                long jars;
                try (Stream<Path> lib = Files.list(root.resolve("function-" + z).resolve("lib"))) {
                    jars = lib.filter(p -> p.toString().endsWith(".jar")).count();
                }
                List<Long> first = results.get(z).stream().map(Run::firstEventMillis).sorted().toList();
                List<Long> init = results.get(z).stream().map(Run::initMillis).sorted().toList();
                System.out.printf(Locale.ROOT, "cold start: worker, %s (%d jars, %,d bytes): first SQS event handled %d ms after"
                                + " JVM start (median of %d; min %d, max %d), init %d ms (median)%n",
                        zip, jars, Files.size(zip), median(first), first.size(), first.get(0),
                        first.get(first.size() - 1), median(init));
            }
        } finally {
            if (!Boolean.getBoolean("coldstart.keep")) {
                deleteRecursively(root);
            } else {
                System.out.println("cold start: unpacked functions and their logs kept in " + root);
            }
        }
    }

    /**
     * Unpacks each zip under {@code root} and runs the worker's cold start {@code runs} times per zip, the
     * zips taking turns (so a busy spell of a shared machine hits them alike); results in zip order.
     */
    public static List<List<Run>> measure(List<Path> zips, Path root, int runs, MySqlServer mysql) throws Exception {
        List<Path> functions = new ArrayList<>();
        List<List<Run>> results = new ArrayList<>();
        for (int z = 0; z < zips.size(); z++) {
            Path function = root.resolve("function-" + z);
            unzip(zips.get(z), function);
            functions.add(function);
            results.add(new ArrayList<>());
        }
        Path standIn = root.resolve("stand-in");
        copyStandIn(standIn);
        String installation = "coldstart-" + UUID.randomUUID().toString().substring(0, 8);
        String event = fixture().replace("e2e-small", installation);
        try (Emulator emulator = Emulator.start(event)) {
            for (int i = 0; i < runs; i++) {
                for (int z = 0; z < functions.size(); z++) {
                    results.get(z).add(once(functions.get(z), standIn, emulator, mysql));
                }
            }
        } finally {
            mysql.dropDatabase("ferry_" + installation);
        }
        return results;
    }

    private static Run once(Path function, Path standIn, Emulator emulator, MySqlServer mysql) throws Exception {
        emulator.reset();
        String cp = function + java.io.File.pathSeparator + function.resolve("lib") + java.io.File.separator + "*"
                + java.io.File.pathSeparator + standIn;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("coldstart.jvm.options", DEFAULT_JVM_OPTIONS).trim().split("\\s+")));
        command.addAll(List.of("-cp", cp, LambdaRuntimeStandIn.class.getName(), HANDLER));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(function.resolveSibling(function.getFileName() + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("JAVA_TOOL_OPTIONS", TEMPLATE_TOOL_OPTIONS);
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + emulator.port());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "ferry-worker");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "x");
        env.put("QUARKUS_LAMBDA_HANDLER", "worker");
        env.put("QUARKUS_SQS_SYNC_CLIENT_TYPE", "url");
        env.put("QUARKUS_SQS_ENDPOINT_OVERRIDE", emulator.base() + "/sqs");
        env.put("FERRY_QUEUE_URL", emulator.base() + "/sqs/000000000000/ferry-work");
        env.put("FERRY_REMOTE_BASE_URL", emulator.base() + "/remote");
        env.put("FERRY_REMOTE_ALLOW_INSECURE_HTTP", "true"); // the stand-in remote is plain HTTP on 127.0.0.1
        env.put("FERRY_REMOTE_TOKEN_SECRET", "cold-start-harness-secret-0123456789abcdef");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:mysql://" + mysql.host() + ":" + mysql.port() + "/");
        env.put("QUARKUS_DATASOURCE_USERNAME", mysql.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", mysql.password());
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            String response = emulator.response().get(120, TimeUnit.SECONDS);
            long handled = emulator.respondedAt() - started;
            long init = emulator.firstNextAt() - started;
            return new Run(TimeUnit.NANOSECONDS.toMillis(init), TimeUnit.NANOSECONDS.toMillis(handled),
                    emulator.remoteCalls(), response);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no response within 120 s; see " + function.resolveSibling(function.getFileName() + ".log"), e);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static long median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static String fixture() throws IOException {
        try (InputStream in = ColdStart.class.getResourceAsStream("/events/sqs-track.json")) {
            if (in == null) {
                throw new IllegalStateException("events/sqs-track.json is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Copies this package's stand-in classes (nothing else of the test classpath) into {@code dir}. */
    private static void copyStandIn(Path dir) throws IOException, URISyntaxException {
        Path classes = Path.of(LambdaRuntimeStandIn.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve("dev/ferry/coldstart");
        Path target = Files.createDirectories(dir.resolve("dev/ferry/coldstart"));
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("LambdaRuntimeStandIn")).toList()) {
                Files.copy(p, target.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the zip's root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The Lambda runtime API (one event, then {@code /next} hangs until the run ends), plus a remote that
     * answers {@code migration-status} with PENDING and an SQS endpoint that refuses everything (unused).
     */
    static final class Emulator implements AutoCloseable {
        private final HttpServer server;
        private final byte[] event;
        private volatile CompletableFuture<String> response = new CompletableFuture<>();
        private volatile long firstNextAt;
        private volatile long respondedAt;
        private volatile int served;
        private final java.util.concurrent.atomic.AtomicInteger remoteCalls = new java.util.concurrent.atomic.AtomicInteger();

        private Emulator(HttpServer server, byte[] event) {
            this.server = server;
            this.event = event;
        }

        static Emulator start(String event) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            Emulator emulator = new Emulator(server, event.getBytes(StandardCharsets.UTF_8));
            server.createContext("/", emulator::handle);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "runtime-api-emulator");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return emulator;
        }

        int port() {
            return server.getAddress().getPort();
        }

        String base() {
            return "http://127.0.0.1:" + port();
        }

        synchronized void reset() {
            response = new CompletableFuture<>();
            firstNextAt = 0;
            respondedAt = 0;
            served = 0;
            remoteCalls.set(0);
        }

        int remoteCalls() {
            return remoteCalls.get();
        }

        CompletableFuture<String> response() {
            return response;
        }

        long firstNextAt() {
            return firstNextAt;
        }

        long respondedAt() {
            return respondedAt;
        }

        private void handle(HttpExchange exchange) throws IOException {
            long now = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            try (exchange) {
                if (path.endsWith("/runtime/invocation/next")) {
                    synchronized (this) {
                        if (firstNextAt == 0) {
                            firstNextAt = now;
                        }
                    }
                    if (served++ > 0) { // one event per run: the next poll waits for the end of the run
                        try {
                            response.get(120, TimeUnit.SECONDS);
                            Thread.sleep(30_000);
                        } catch (Exception ignored) {
                            // the run is over
                        }
                        return;
                    }
                    exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", UUID.randomUUID().toString());
                    exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                            Long.toString(System.currentTimeMillis() + 900_000));
                    exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                            "arn:aws:lambda:us-east-1:000000000000:function:ferry-worker");
                    exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                    send(exchange, 200, event);
                } else if (path.contains("/runtime/invocation/") && path.endsWith("/response")) {
                    respondedAt = now;
                    send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                    response.complete(new String(body, StandardCharsets.UTF_8));
                } else if (path.contains("/runtime/")) { // invocation or init error
                    send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                    response.completeExceptionally(new IllegalStateException("the function reported an error at "
                            + path + ": " + new String(body, StandardCharsets.UTF_8)));
                } else if (path.startsWith("/remote/migration-status")) {
                    remoteCalls.incrementAndGet();
                    send(exchange, 200, "{\"status\":\"PENDING\"}".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 500, "{\"error\":\"not served by the cold-start harness\"}".getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
