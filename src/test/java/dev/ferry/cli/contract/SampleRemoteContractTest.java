package dev.ferry.cli.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.TokenSigner;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.local.sample.SampleSchema;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SampleTable;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The contract document against the sample remote's real answers, and the contract checker against the
 * sample remote: the sample serves the contract, so every check passes or is skipped for a stated reason.
 */
@IntegrationTest
class SampleRemoteContractTest {

    private static final byte[] SECRET = "contract-check-test-secret-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);
    /** Read only by these tests. */
    private static final String READER = "elm-yard";
    /** Its status and rows are changed by these tests. */
    private static final String WRITER = "fir-probe";
    private static final List<String> DATA_TYPES = SampleSchema.tables().stream().map(SampleTable::remotePath).toList();

    private static TestMySql.TestDatabase database;
    private static SampleSourceDatabase source;
    private static SampleRemoteServer remote;
    private static final ContractDocument CONTRACT = ContractDocument.read(Path.of("docs/remote-contract.openapi.yaml"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TokenSigner signer;

    @BeforeAll
    static void start() {
        database = TestMySql.uniqueDatabase("contract");
        source = SampleSourceDatabase.createAndLoad(database.server(), database.name(), new SampleDataSet(
                SampleDataSet.DEFAULT_SEED, List.of(
                        new InstallationSpec(READER, 6, 40, 12, 30),
                        new InstallationSpec(WRITER, 3, 20, 5, 10))));
        remote = SampleRemoteServer.start(source, SECRET);
        signer = new HmacTokenSigner(SECRET, SampleRemoteServer.DEFAULT_AUDIENCE);
    }

    @AfterAll
    static void stop() {
        if (remote != null) {
            remote.stop();
        }
        if (source != null) {
            source.close();
        }
        if (database != null) {
            database.close();
        }
    }

    // ---- the document against real answers -------------------------------------------------------

    @Test
    void shouldMatchDataPageSchema_forEveryPageOfEveryDataType() {
        for (String dataType : DATA_TYPES) {
            // given
            String path = "/data-migration/" + dataType + "/";
            String after = null;
            int pages = 0;
            boolean ended = false;
            while (!ended) {
                // when
                HttpResponse<String> response = get(path + "?limit=4" + (after == null ? "" : "&after="
                        + RemoteContractCheck.encode(after)), installationToken(READER));

                // then
                JsonNode body = documented("/data-migration/{dataType}/", "get", response, "DataPage");
                assertThat(body.path("data").size()).as(dataType).isLessThanOrEqualTo(4);
                assertThat(body.path("installationId").asText()).isEqualTo(READER);
                JsonNode next = body.path("pagination").path("afterId");
                ended = next.isNull() || body.path("data").isEmpty();
                after = next.isTextual() ? next.asText() : next.toString();
                pages++;
            }
            assertThat(pages).as(dataType + " pages").isGreaterThan(1);
        }
    }

    @Test
    void shouldMatchMigrationStatusSchemas_whenStatusIsReadAndBothStatusesFerrySendsArePut() {
        // when
        HttpResponse<String> before = get("/migration-status", installationToken(WRITER));
        // then
        documented("/migration-status", "get", before, "MigrationStatus");

        for (String status : List.of("IN_PROGRESS", "DONE")) {
            // given the body Ferry sends
            ObjectNode update = JsonNodeFactory.instance.objectNode().put("status", status);
            assertThat(CONTRACT.problems("MigrationStatusUpdate", update)).isEmpty();

            // when
            HttpResponse<String> put = send(request("/migration-status", installationToken(WRITER))
                    .PUT(HttpRequest.BodyPublishers.ofString(update.toString())).header("Content-Type", "application/json"));
            HttpResponse<String> after = get("/migration-status", installationToken(WRITER));

            // then
            assertDocumentedStatus("/migration-status", "put", put.statusCode());
            assertThat(put.statusCode()).isEqualTo(204);
            assertThat(documented("/migration-status", "get", after, "MigrationStatus").path("status").asText())
                    .isEqualTo(status);
        }
        source.setStatus(WRITER, "READY");
    }

    @Test
    void shouldMatchInstallationsPageSchema_whenTheListingIsWalkedWithTheAppToken() {
        // when
        HttpResponse<String> first = get("/installations?limit=1", signer.forApp());
        JsonNode firstBody = documented("/installations", "get", first, "InstallationsPage");
        String cursor = firstBody.path("pagination").path("afterId").asText();
        HttpResponse<String> second = get("/installations?limit=1&after=" + RemoteContractCheck.encode(cursor), signer.forApp());

        // then
        assertThat(firstBody.path("installations")).hasSize(1);
        JsonNode secondBody = documented("/installations", "get", second, "InstallationsPage");
        assertThat(secondBody.path("installations").get(0).asText()).isNotEqualTo(firstBody.path("installations").get(0).asText());
    }

    @Test
    void shouldMatchChecksumPageSchema_forEveryDataType() {
        for (String dataType : DATA_TYPES) {
            // when
            HttpResponse<String> response = get("/data-migration/" + dataType + "/checksums?chunk=5&limit=3",
                    installationToken(READER));

            // then
            JsonNode body = documented("/data-migration/{dataType}/checksums", "get", response, "ChecksumPage");
            assertThat(body.path("chunks").size()).as(dataType).isBetween(1, 3);
        }
    }

    @Test
    void shouldMatchDataPageSchema_forChangesAndDeletions() {
        // given a tombstone
        SampleTable issues = SampleSchema.ISSUES;
        List<Object> firstRow = source.rows(WRITER, issues.dataType()).get(0);
        List<Object> key = List.of(firstRow.get(issues.keyIndexes()[0]));
        assertThat(source.deleteRowAt(WRITER, issues.dataType(), key)).isPresent();
        String window = "?limit=50&from=" + RemoteContractCheck.encode("1970-01-01T00:00");

        // when
        HttpResponse<String> changes = get("/data-migration/issues/changes" + window, installationToken(WRITER));
        HttpResponse<String> deletions = get("/data-migration/issues/deletions" + window, installationToken(WRITER));

        // then
        assertThat(documented("/data-migration/{dataType}/changes", "get", changes, "DataPage").path("data").size())
                .isGreaterThan(0);
        JsonNode tombstones = documented("/data-migration/{dataType}/deletions", "get", deletions, "DataPage");
        assertThat(tombstones.path("data")).hasSize(1);
        assertThat(tombstones.path("headers").get(tombstones.path("headers").size() - 1).asText()).isEqualTo("deleted_at");
    }

    @Test
    void shouldAcceptARowsReplacementMatchingItsSchema_whenARangeIsWrittenBackUnchanged() throws IOException {
        // given the first issue of an installation, as the data endpoint serves it
        JsonNode page = RemoteHttpJson.read(get("/data-migration/issues/?limit=1", installationToken(WRITER)).body());
        JsonNode keyColumns = RemoteHttpJson.read(get("/data-migration/issues/checksums?chunk=1&limit=1",
                installationToken(WRITER)).body()).path("key");
        int keyIndex = indexOf(page.path("headers"), keyColumns.get(0).asText());
        ArrayNode through = JsonNodeFactory.instance.arrayNode().add(page.path("data").get(0).get(keyIndex));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putNull("after");
        body.set("through", through);
        body.set("headers", page.path("headers"));
        body.set("data", page.path("data"));
        assertThat(CONTRACT.problems("RowsReplacement", body)).isEmpty();

        // when
        HttpResponse<String> put = send(request("/data-migration/issues/rows", installationToken(WRITER))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json"));

        // then
        assertDocumentedStatus("/data-migration/{dataType}/rows", "put", put.statusCode());
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 299);
        JsonNode again = RemoteHttpJson.read(get("/data-migration/issues/?limit=1", installationToken(WRITER)).body());
        assertThat(again.path("data")).isEqualTo(page.path("data"));
    }

    @Test
    void shouldMatchErrorBodySchemaAndDocumentedStatuses_whenRequestsAreRefused() {
        // when
        HttpResponse<String> noToken = get("/migration-status", null);
        HttpResponse<String> badSignature = get("/migration-status", RemoteContractCheck.tampered(installationToken(READER)));
        HttpResponse<String> noLimit = get("/data-migration/issues/", installationToken(READER));
        HttpResponse<String> unknownType = get("/data-migration/no-such-type/?limit=5", installationToken(READER));

        // then
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(noLimit.statusCode()).isEqualTo(400);
        assertThat(unknownType.statusCode()).isEqualTo(404);
        documented("/migration-status", "get", noToken, "ErrorBody");
        documented("/migration-status", "get", badSignature, "ErrorBody");
        documented("/data-migration/{dataType}/", "get", noLimit, "ErrorBody");
        documented("/data-migration/{dataType}/", "get", unknownType, "ErrorBody");
    }

    // ---- the checker against the sample ----------------------------------------------------------

    @Test
    void shouldPassEveryCheck_whenTheSampleRemoteIsChecked() throws IOException {
        // given
        MigrationPlan plan = PlanLoader.load("classpath:ferry-plan.yaml");
        RemoteContractCheck.Options options = RemoteContractCheck.Options.of(plan).withPageLimit(7)
                .withStatusTransitions(true).withProbeWriteEndpoint(true);
        assertThat(options.dataTypes()).containsExactlyInAnyOrderElementsOf(DATA_TYPES);

        // when
        ContractReport report = new RemoteContractCheck(remote.baseUrl(), READER, signer, options, CONTRACT).run();

        // then
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/contract-check-sample.txt"), report.table());
        assertThat(report.failures()).as(report.table()).isEmpty();
        assertThat(report.passed()).isTrue();
        for (String name : List.of("token.accepted", "token.missing", "token.bad-signature",
                "token.app-token-on-installation-endpoint", "status.get", "status.transitions", "installations.walk",
                "installations.contains-installation", "pages[issue-watchers].cursors", "pages[issue-watchers].cursor-replay",
                "pages[issues].end", "pages[issues].limit-1", "pages[issues].headers", "pages[issue-watchers].headers", "pages[issues].over-large-limit", "checksums[issues]",
                "changes[issues]", "deletions[issues]", "rows[issues]")) {
            if (name.equals("installations.walk")) {
                assertThat(report.result(name)).as(name).isEmpty(); // only reported when the walk fails
                continue;
            }
            assertThat(report.result(name)).as(name).get()
                    .extracting(CheckResult::outcome).isEqualTo(CheckResult.Outcome.PASS);
        }
        assertThat(report.result("pages[issues].over-large-limit").orElseThrow().reason()).contains("refused with HTTP 400");
        assertThat(report.result("pages[issues].total").orElseThrow().outcome()).isEqualTo(CheckResult.Outcome.SKIP);
        assertThat(source.status(READER)).contains("READY");
    }

    @Test
    void shouldExitZeroAndPrintTheTable_whenTheCommandChecksTheSampleRemote() {
        // given
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new CheckRemoteCommand(Map.of(CheckRemoteCommand.SECRET_ENV,
                new String(SECRET, StandardCharsets.UTF_8))::get));
        command.setOut(new PrintWriter(out));

        // when
        int exit = command.execute(remote.baseUrl().toString(), "--installation", READER, "--data-type", "issues",
                "--page-limit", "15", "--plan", "classpath:ferry-plan.yaml");

        // then
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("CHECK").contains("token.missing").contains("pages[issues].cursors")
                .containsPattern("pages\\[issues]\\.headers\\s+PASS\\s+every page names the plan's \\d+ columns")
                .doesNotContain("pages[projects]")
                .contains("0 failed");
    }

    @Test
    void shouldExitOne_whenTheTokenSecretIsWrong() {
        // given
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new CheckRemoteCommand(name -> null));
        command.setOut(new PrintWriter(out));

        // when
        int exit = command.execute(remote.baseUrl().toString(), "--installation", READER, "--token-secret",
                "not-the-secret-of-this-remote-0123456789");

        // then
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).containsPattern("token\\.accepted\\s+FAIL\\s+GET /migration-status with a valid installation token: HTTP 401");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The body, after asserting the status is documented for the operation and the body matches the schema. */
    private static JsonNode documented(String pathTemplate, String method, HttpResponse<String> response, String schema) {
        assertDocumentedStatus(pathTemplate, method, response.statusCode());
        JsonNode body = RemoteHttpJson.read(response.body());
        assertThat(CONTRACT.problems(schema, body)).as(method + " " + pathTemplate + " " + response.body()).isEmpty();
        return body;
    }

    private static void assertDocumentedStatus(String pathTemplate, String method, int status) {
        JsonNode responses = CONTRACT.root().path("paths").path(pathTemplate).path(method).path("responses");
        assertThat(responses.has(String.valueOf(status)) || responses.has(status / 100 + "XX"))
                .as(method + " " + pathTemplate + " documents HTTP " + status).isTrue();
    }

    private static int indexOf(JsonNode headers, String column) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).asText().equals(column)) {
                return i;
            }
        }
        throw new AssertionError("no column " + column + " in " + headers);
    }

    private static String installationToken(String installation) {
        return signer.forInstallation(InstallationId.of(installation));
    }

    private static HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(remote.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> get(String pathAndQuery, String token) {
        return send(request(pathAndQuery, token).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bodies read as the checker reads them: numbers exactly. */
    private static final class RemoteHttpJson {
        static JsonNode read(String body) {
            try {
                return ContractDocument.bodyMapper().readTree(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
