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
}
