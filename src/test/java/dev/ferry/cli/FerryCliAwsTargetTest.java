package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.testing.IntegrationTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code --target aws} end to end on 127.0.0.1: the status function is an HTTP server speaking Lambda's
 * Invoke API (it answers with the status report's JSON, as the deployed function does) and the work
 * queue is ElasticMQ's, reached through the SDK clients the AWS target builds (credentials from the
 * default chain's system properties).
 */
@IntegrationTest
class FerryCliAwsTargetTest {
    private static final String FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:ferry-status:live";
    private static EmbeddedSqs sqsServer;
    private static SqsClient sqs;
    private static HttpServer lambda;
    private static final List<String> invocations = new CopyOnWriteArrayList<>();
    private static volatile Map<String, String> answers = Map.of();
    private static volatile boolean failing;

    private final WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());
    private String queueUrl;

    @BeforeAll
    static void startEngines() throws IOException {
        System.setProperty("aws.accessKeyId", "x");
        System.setProperty("aws.secretAccessKey", "x");
        sqsServer = EmbeddedSqs.start();
        sqs = sqsServer.newClient();
        lambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambda.createContext("/2015-03-31/functions/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            invocations.add(exchange.getRequestURI().getRawPath() + " " + request);
            String installation = new ObjectMapper().readTree(request).path("installationId").asText("");
            byte[] body = (failing ? "{\"errorMessage\":\"datasource unreachable\"}"
                    : answers.getOrDefault(installation, "{}")).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (failing) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        lambda.start();
    }

    @AfterAll
    static void stopEngines() {
        lambda.stop(0);
        sqs.close();
        sqsServer.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void newQueue() {
        queueUrl = sqsServer.createQueueWithDeadLetterQueue("aws-" + System.nanoTime(), 3).queueUrl();
        invocations.clear();
        failing = false;
    }

    @AfterEach
    void forgetAnswers() {
        answers = Map.of();
    }

    @Test
    void shouldRenderTheFunctionsFleetReport_whenStatusOnAws() throws Exception {
        // given the function's answer for the fleet
        answers = Map.of("", json(fleet(acme(InstallationStatus.DONE, JobStatus.DONE), globexFailing())));

        // when
        Result result = run("status");

        // then it asked for the fleet and rendered the report
        assertThat(result.code).as(result.err).isZero();
        assertThat(invocations).singleElement().asString()
                .startsWith("/2015-03-31/functions/").contains("ferry-status").contains("/invocations ")
                .endsWith("{\"installationId\":null}");
        assertThat(result.out).containsPattern("acme\\s+DONE\\s+issues\\s+DONE\\s+3,000")
                .contains("chain issues FAILED (job 2, 5 attempts): REMOTE_REJECTED: page refused")
                .contains("2 installations: IN_PROGRESS 1, DONE 1");
    }

    @Test
    void shouldPrintTheFunctionsAnswerUnchanged_whenStatusOfOneInstallationAsJson() throws Exception {
        // given
        String answer = json(acme(InstallationStatus.DONE, JobStatus.DONE));
        answers = Map.of("acme", answer);

        // when
        Result result = run("status", "acme", "--json");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out.strip()).isEqualTo(answer);
        assertThat(invocations).singleElement().asString().endsWith("{\"installationId\":\"acme\"}");
    }

    @Test
    void shouldSendRetryToTheQueue_whenTheFunctionReportsAFailedChain() throws Exception {
        // given
        answers = Map.of("globex", json(globexFailing()));

        // when
        Result result = run("retry", "globex");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain()).containsExactly(new WorkMessage.RetryFailed(InstallationId.of("globex")));
    }

    @Test
    void shouldPauseEveryTrackedInstallation_whenPauseAllOnAws() throws Exception {
        // given
        answers = Map.of("", json(fleet(acme(InstallationStatus.DONE, JobStatus.DONE), globexFailing())));

        // when
        Result result = run("pause", "--all");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain()).containsExactlyInAnyOrder(new WorkMessage.Pause(InstallationId.of("acme"), true),
                new WorkMessage.Pause(InstallationId.of("globex"), true));
    }

    @Test
    void shouldFailWithExit1AndSendNothing_whenTheStatusFunctionFails() {
        // given
        failing = true;

        // when
        Result result = run("cutover", "acme");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("the status function failed (Unhandled)").contains("datasource unreachable");
        assertThat(drain()).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of(args), Stream.of("--target", "aws", "--status-function", FUNCTION,
                "--lambda-endpoint-url", "http://127.0.0.1:" + lambda.getAddress().getPort(), "--queue-url", queueUrl, "--region", "eu-west-1"))
                .toArray(String[]::new);
        int code = FerryCli.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static String json(Object report) throws Exception {
        return Json.mapper().writeValueAsString(report);
    }

    private static StatusReport.InstallationState acme(InstallationStatus status, JobStatus jobs) {
        return new StatusReport.InstallationState("acme", status, 3_000,
                List.of(new StatusReport.ChainState("issues", "issues", 0, jobs, 3_000, 30, 0, null)),
                List.of(new StatusReport.DataTypeState("issues", jobs, 3_000, "2026-12-01T10:00:00Z", 60L,
                        "2026-12-01T10:00:00Z", 60L, null, null)),
                false, new StatusReport.SyncState(1, "SOURCE", "2026-12-01T09:00:00Z", 3_660L, 0, null, null));
    }

    private static StatusReport.InstallationState globexFailing() {
        return new StatusReport.InstallationState("globex", InstallationStatus.IN_PROGRESS, 250,
                List.of(new StatusReport.ChainState("issues", "issues", 2, JobStatus.FAILED, 250, 3, 5,
                        "REMOTE_REJECTED: page refused")),
                List.of(new StatusReport.DataTypeState("issues", JobStatus.FAILED, 250, "2026-12-01T10:00:00Z", 60L,
                        null, null, "REMOTE_REJECTED: page refused", null)),
                false, new StatusReport.SyncState(1, "SOURCE", null, null, 0, null, null));
    }

    private static StatusReport.Fleet fleet(StatusReport.InstallationState... installations) {
        Map<InstallationStatus, Integer> counts = new java.util.EnumMap<>(InstallationStatus.class);
        for (StatusReport.InstallationState state : installations) {
            counts.merge(state.status(), 1, Integer::sum);
        }
        return new StatusReport.Fleet(List.of(installations), counts, 0, 3_250, 0, 0, false,
                "not ready: 1 of 2 installations not DONE", "2026-12-01T10:01:00Z");
    }

    private List<WorkMessage> drain() {
        List<WorkMessage> received = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                received.add(codec.decode(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return received;
    }
}
