package dev.ferry.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the hostile remote's own tests share: a fresh remote per test (installations acme, READY, and globex,
 * PENDING; seven users of acme) and a plain HTTP client to walk it, sign tokens and read what it answers.
 */
abstract class HostileRemoteTestBase {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef-hostile".getBytes(StandardCharsets.UTF_8);
    static final String AUDIENCE = "ferry-remote";
    static final String ACME = "acme";
    static final List<String> HEADERS = List.of("id", "name", "amount");
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper MAPPER = new ObjectMapper();

    HostileRemote remote;

    @BeforeEach
    void start() {
        remote = HostileRemote.start(SECRET, AUDIENCE);
        remote.putInstallation(ACME, "READY");
        remote.putInstallation("globex", "PENDING");
        remote.putData(ACME, "users", HEADERS, rows(7));
    }

    @AfterEach
    void stop() {
        remote.close();
    }


    // ---- helpers -----------------------------------------------------------------------------

    static List<List<Object>> rows(int n) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(List.of((long) i, "user-" + i, new BigDecimal(i + ".50")));
        }
        return rows;
    }

    /** Replaces the remote by a fresh one listing exactly i0, i1, … */
    void restartWithInstallations(int n) {
        remote.close();
        remote = HostileRemote.start(SECRET, AUDIENCE);
        for (int i = 0; i < n; i++) {
            remote.putInstallation("i" + i, "READY");
        }
    }

    /** Follows afterId until null or an empty page, at most maxPages. */
    List<JsonNode> walkData(String installation, String dataType, int limit, int maxPages) throws Exception {
        return walk(after -> dataUri(dataType, limit, after), bearer(installation), maxPages, "data");
    }

    List<JsonNode> walkListing(int limit, int maxPages) throws Exception {
        return walk(after -> listingUri(limit, after), bearer(appClaims(Instant.now()).build()), maxPages,
                "installations");
    }

    List<JsonNode> walk(Function<String, URI> uri, String authorization, int maxPages,
                                String items) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String after = null;
        for (int i = 0; i < maxPages; i++) {
            HttpResponse<String> r = get(uri.apply(after), authorization);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            pages.add(page);
            JsonNode next = page.at("/pagination/afterId");
            if (next.isNull() || page.get(items).isEmpty()) {
                break;
            }
            after = next.asText();
        }
        return pages;
    }

    static List<String> ids(List<JsonNode> listingPages) {
        List<String> ids = new ArrayList<>();
        listingPages.forEach(p -> p.get("installations").forEach(id -> ids.add(id.asText())));
        return ids;
    }

    URI dataUri(String dataType, int limit, String after) {
        return URI.create(remote.baseUrl() + "/data-migration/" + dataType + "/?limit=" + limit
                + (after == null ? "" : "&after=" + encode(after)));
    }

    URI listingUri(int limit, String after) {
        return URI.create(remote.baseUrl() + "/installations?limit=" + limit
                + (after == null ? "" : "&after=" + encode(after)));
    }

    URI statusUri() {
        return URI.create(remote.baseUrl() + "/migration-status");
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpRequest.Builder request(URI uri, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        return CLIENT.send(request(uri, authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, URI uri, String authorization, String body)
            throws Exception {
        return CLIENT.send(request(uri, authorization).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    /** A plain HTTP/1.1 GET on a socket that resets the connection when closed. */
    static Socket rawGet(URI uri, String authorization) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoLinger(true, 0);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + authorization + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    void awaitAbandoned(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (remote.abandonedResponses() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(remote.abandonedResponses()).isEqualTo(n);
    }

    static String bearer(String installationId) throws JOSEException {
        return bearer(claims(installationId, Instant.now()).build());
    }

    static String bearer(JWTClaimsSet claims) throws JOSEException {
        return "Bearer " + sign(claims, SECRET, JWSAlgorithm.HS256);
    }

    static String sign(JWTClaimsSet claims, byte[] secret, JWSAlgorithm alg) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** Installation-call claims as the contract describes them, issued at {@code iat}. */
    static JWTClaimsSet.Builder claims(String installationId, Instant iat) {
        return base(iat).subject(installationId).claim("installationId", installationId);
    }

    static JWTClaimsSet.Builder appClaims(Instant iat) {
        return base(iat).subject("ferry-app");
    }

    static JWTClaimsSet.Builder base(Instant iat) {
        return new JWTClaimsSet.Builder().issuer("ferry").audience(AUDIENCE).issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString());
    }
}
