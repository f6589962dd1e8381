package dev.ferry.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.testing.IntegrationTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SQS adapter against a real SQS-compatible server (ElasticMQ, in-process on 127.0.0.1). */
@IntegrationTest
class SqsWorkQueueTest {
    private static EmbeddedSqs server;
    private static SqsClient sqs;
    private final WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());

    @BeforeAll
    static void startServer() {
        server = EmbeddedSqs.start();
        sqs = server.newClient();
    }

    @AfterAll
    static void stopServer() {
        sqs.close();
        server.close();
    }

    private String newQueue(String name) {
        return server.createQueueWithDeadLetterQueue(name, 3).queueUrl();
    }

    private List<WorkMessage> drain(String queueUrl) {
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

    @Test
    void shouldDeliverSentMessage_withEveryField() {
        // given
        String url = newQueue("single");
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url, codec);
        TransferJob job = new TransferJob(InstallationId.of("acme"), new JobId("issues", 4), "issues",
                Cursor.ofString("opaque/cursor=="));

        // when
        queue.send(job);

        // then
        assertThat(drain(url)).containsExactly(job);
    }

    @Test
    void shouldSendManyMessagesInBatchesOfTen_andLoseNone() {
        // given 25 track messages (three batch requests)
        String url = newQueue("batches");
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url, codec);
        List<WorkMessage.Track> tracks = IntStream.range(0, 25)
                .mapToObj(i -> new WorkMessage.Track(InstallationId.of("tenant-" + i))).toList();

        // when
        queue.sendAll(tracks);

        // then every one arrives exactly once
        assertThat(drain(url)).containsExactlyInAnyOrderElementsOf(tracks);
    }

    @Test
    void shouldFailWithRetryableQueueError_whenQueueIsUnreachable() {
        // given a client pointing at a port nobody listens on
        try (SqsClient unreachable = EmbeddedSqs.newClient(URI.create("http://127.0.0.1:1"))) {
            SqsWorkQueue queue = new SqsWorkQueue(unreachable, "http://127.0.0.1:1/000000000000/none", codec);

            // when / then
            assertThatThrownBy(() -> queue.send(new WorkMessage.Track(InstallationId.of("acme"))))
                    .isInstanceOf(FerryException.class)
                    .satisfies(e -> {
                        assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.QUEUE_UNAVAILABLE);
                        assertThat(((FerryException) e).retryable()).isTrue();
                    });
        }
    }

    @Test
    void shouldRouteOperatorMessagesToTheOperatorQueue_andWorkToTheWorkQueue_whenAnOperatorQueueIsSet() {
        // given a work queue and an operator queue
        String work = newQueue("routed-work");
        String operator = newQueue("routed-operator");
        SqsWorkQueue queue = new SqsWorkQueue(sqs, work, operator, codec);
        InstallationId acme = InstallationId.of("acme");
        List<WorkMessage> operatorMessages = List.of(
                new WorkMessage.SwitchPrimary(acme, dev.ferry.domain.job.Primary.DESTINATION),
                new WorkMessage.ReverseSync(acme),
                new WorkMessage.Verify(acme, null, null, false),
                new WorkMessage.RetryFailed(acme),
                new WorkMessage.Pause(acme, true),
                new WorkMessage.Pause(acme, false));
        List<WorkMessage> workMessages = List.of(
                new WorkMessage.Track(acme),
                new WorkMessage.ListInstallations(null),
                new TransferJob(acme, new JobId("issues", 0), "issues", null));

        // when each is sent singly, and a mixed batch once more
        operatorMessages.forEach(queue::send);
        workMessages.forEach(queue::send);
        List<WorkMessage> mixed = new ArrayList<>(workMessages);
        mixed.addAll(operatorMessages);
        queue.sendAll(mixed);

        // then the operator queue holds exactly the operator messages, the work queue the rest
        List<WorkMessage> expectedOperator = new ArrayList<>(operatorMessages);
        expectedOperator.addAll(operatorMessages);
        List<WorkMessage> expectedWork = new ArrayList<>(workMessages);
        expectedWork.addAll(workMessages);
        assertThat(drain(operator)).containsExactlyInAnyOrderElementsOf(expectedOperator);
        assertThat(drain(work)).containsExactlyInAnyOrderElementsOf(expectedWork);
    }

    @Test
    void shouldSendEverythingToTheWorkQueue_whenNoOperatorQueueIsSet() {
        // given only a work queue (the operator queue setting left empty)
        String work = newQueue("shared-work");
        SqsWorkQueue queue = new SqsWorkQueue(sqs, work, "", codec);
        WorkMessage cutover = new WorkMessage.RetryFailed(InstallationId.of("acme"));

        // when an operator message is sent, now and later
        queue.send(cutover);
        queue.sendLater(new WorkMessage.Pause(InstallationId.of("acme"), true), java.time.Duration.ZERO);

        // then both wait on the work queue
        assertThat(drain(work)).containsExactlyInAnyOrder(cutover, new WorkMessage.Pause(InstallationId.of("acme"), true));
    }

    @Test
    void shouldHideAFailedRecord_forTheBackoffOfItsReceiveCount_thenDeliverItAgain() throws InterruptedException {
        // given a message received for the second time, and a backoff of 1 s doubling (so 2 s now)
        String url = newQueue("backoff");
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"v\":1,\"type\":\"list\"}"));
        Message first = receiveOne(url);
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(0));
        Message second = receiveOne(url);
        int receives = Integer.parseInt(second.attributesAsStrings().get("ApproximateReceiveCount"));
        SqsRedeliveryDelay delay = new SqsRedeliveryDelay(sqs,
                new RedeliveryBackoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10)), List.of(url));

        // when the worker reports the record failed and sets its backoff
        int hidden = delay.delay(arn, second.receiptHandle(), receives);

        // then it is hidden for 2 s (not the queue's 30 s visibility timeout), and delivered again after
        assertThat(receives).isEqualTo(2);
        assertThat(hidden).isEqualTo(2);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages()).isEmpty();
        long start = System.nanoTime();
        Message third = receiveOne(url);
        assertThat(third.body()).isEqualTo("{\"v\":1,\"type\":\"list\"}");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(third.attributesAsStrings().get("ApproximateReceiveCount")).isEqualTo("3");
    }

    @Test
    void shouldLeaveTheRecordToTheVisibilityTimeout_whenTheQueueCannotBeTold() {
        // given a client pointing at a port nobody listens on
        try (SqsClient unreachable = EmbeddedSqs.newClient(URI.create("http://127.0.0.1:1"))) {
            SqsRedeliveryDelay delay = new SqsRedeliveryDelay(unreachable,
                    new RedeliveryBackoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10)),
                    List.of("http://127.0.0.1:1/000000000000/none"));

            // when / then: no exception escapes, and -1 says the visibility timeout applies
            assertThat(delay.delay("arn:aws:sqs:us-east-1:000000000000:none", "receipt", 1)).isEqualTo(-1);
        }
    }

    private Message receiveOne(String url) {
        for (int i = 0; i < 20; i++) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1)
                    .messageSystemAttributeNamesWithStrings("All")).messages();
            if (!messages.isEmpty()) {
                return messages.get(0);
            }
        }
        throw new AssertionError("no message arrived on " + url);
    }
}
