package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server for the tests: S3Proxy (from Maven Central, copied to
 * {@code target/s3proxy/s3proxy.jar} by the build) with its in-memory store, in a process of its own
 * on 127.0.0.1 and a free port, started once per test JVM and stopped at its exit. Requests are
 * signed (AWS v2/v4) with the fixed test identity below. S3Proxy does not take the SDK's default
 * streaming checksum trailers (real S3 does), so test clients send checksums only where S3 requires them.
 */
public final class TestS3 {
    public static final String IDENTITY = "ferry-test-identity";
    public static final String CREDENTIAL = "ferry-test-credential";
    public static final Region REGION = Region.US_EAST_1;
    private static URI endpoint;
    private static Process process;

    private TestS3() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            start();
        }
        return endpoint;
    }

    /** A new client for the server (path-style addressing); the caller closes it. */
    public static S3Client newClient() {
        return S3Client.builder().endpointOverride(endpoint()).region(REGION).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Creates a bucket no other test uses and returns its name. */
    public static String newBucket(String prefix) {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        String bucket = prefix + "-" + HexFormat.of().formatHex(random);
        try (S3Client s3 = newClient()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    private static void start() {
        Path jar = Path.of(System.getProperty("s3proxy.test.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in generate-test-resources");
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path config = Files.createTempFile("ferry-s3proxy-", ".properties");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=transient-nio2",
                    "jclouds.identity=unused",
                    "jclouds.credential=unused", ""));
            Path log = Files.createTempFile("ferry-s3proxy-", ".log");
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString(), "--properties", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroy(), "s3proxy-stop"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!listening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("S3Proxy did not start; its output is in " + log);
                }
                Thread.sleep(200);
            }
            endpoint = URI.create("http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
