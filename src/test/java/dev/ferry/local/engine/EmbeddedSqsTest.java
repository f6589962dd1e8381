package dev.ferry.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.engine.EmbeddedSqs.QueueUrls;
import dev.ferry.testing.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@IntegrationTest
class EmbeddedSqsTest {

    private static EmbeddedSqs sqs;
    private static SqsClient client;

    @BeforeAll
    static void startServer() {
        sqs = EmbeddedSqs.start();
        client = sqs.newClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        sqs.close();
    }

    @Test
    void shouldListenOnLoopback_withDynamicPort() {
        // when / then
        assertThat(sqs.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(sqs.endpoint().getPort()).isPositive();
    }

    @Test
    void shouldSendAndReceive_onQueueCreatedWithDeadLetterQueue() {
        // given
        QueueUrls urls = sqs.createQueueWithDeadLetterQueue("work-send-receive", 3);

        // when
        client.sendMessage(b -> b.queueUrl(urls.queueUrl()).messageBody("{\"job\":\"projects\"}"));
        List<Message> received = client.receiveMessage(b -> b.queueUrl(urls.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();

        // then
        assertThat(received).singleElement().extracting(Message::body).isEqualTo("{\"job\":\"projects\"}");
        client.deleteMessage(b -> b.queueUrl(urls.queueUrl()).receiptHandle(received.get(0).receiptHandle()));
        assertThat(urls.deadLetterQueueUrl()).endsWith("work-send-receive-dlq");
        String redrive = client.getQueueAttributes(b -> b.queueUrl(urls.queueUrl())
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
        assertThat(redrive).contains("work-send-receive-dlq").contains("3");
    }

    @Test
    void shouldMoveMessageToDeadLetterQueue_afterMaxReceiveCount() {
        // given a queue that gives up after one receive
        QueueUrls urls = sqs.createQueueWithDeadLetterQueue("work-redrive", 1, Duration.ofSeconds(30));
        client.sendMessage(b -> b.queueUrl(urls.queueUrl()).messageBody("poison"));
        Message first = client.receiveMessage(b -> b.queueUrl(urls.queueUrl()).waitTimeSeconds(1)).messages().get(0);

        // when the message comes back without being deleted
        client.changeMessageVisibility(b -> b.queueUrl(urls.queueUrl()).receiptHandle(first.receiptHandle())
                .visibilityTimeout(0));
        List<Message> again = client.receiveMessage(b -> b.queueUrl(urls.queueUrl()).waitTimeSeconds(1)).messages();

        // then it went to the dead-letter queue
        assertThat(again).isEmpty();
        List<Message> dead = client.receiveMessage(b -> b.queueUrl(urls.deadLetterQueueUrl()).waitTimeSeconds(1))
                .messages();
        assertThat(dead).singleElement().extracting(Message::body).isEqualTo("poison");
    }
}
