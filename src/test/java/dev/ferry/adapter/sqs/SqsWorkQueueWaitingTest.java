package dev.ferry.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.testing.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Whether work waits in the queue, as a worker's time slice asks it, against ElasticMQ on 127.0.0.1. */
@IntegrationTest
class SqsWorkQueueWaitingTest {
    private static EmbeddedSqs server;
    private static SqsClient sqs;

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

    @Test
    void shouldSayWhetherOtherMessagesWait() throws InterruptedException {
        // given an empty queue
        String url = server.createQueueWithDeadLetterQueue("waiting-" + System.nanoTime(), 3).queueUrl();
        SqsWorkQueue queue = new SqsWorkQueue(sqs, url, new WorkMessageCodec(new ObjectMapper()));
        assertThat(queue.othersWaiting()).isFalse();

        // when a message is sent, and the answer kept for a second has expired
        queue.send(new WorkMessage.Track(InstallationId.of("acme")));
        Thread.sleep(1_100);

        // then
        assertThat(queue.othersWaiting()).isTrue();
    }

    @Test
    void shouldSayNothingWaits_whenTheQueueCannotBeAsked() {
        // given a queue that does not exist
        SqsWorkQueue queue = new SqsWorkQueue(sqs, server.endpoint() + "/000000000000/missing-" + System.nanoTime(),
                new WorkMessageCodec(new ObjectMapper()));

        // then the answer is no, not an exception
        assertThat(queue.othersWaiting()).isFalse();
    }
}
