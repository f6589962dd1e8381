package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.FerryException;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The work queue as an operator uses it: sends operator messages (encoded by {@link WorkMessageCodec},
 * so the worker reads them like any other) and moves the dead-letter queue's messages back.
 */
final class OperatorQueue implements AutoCloseable {
    /** How long a dead-lettered message the redrive leaves behind stays hidden from this run. */
    private static final int SKIP_VISIBILITY_SECONDS = 60;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String operatorQueueUrl;
    private final String deadLetterQueueUrl;
    private final WorkMessageCodec codec;
    private final ObjectMapper json;

    /** @param operatorQueueUrl where operator messages go (consumed ahead of data work); null: the work queue */
    OperatorQueue(SqsClient sqs, String queueUrl, String operatorQueueUrl, String deadLetterQueueUrl, ObjectMapper json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.operatorQueueUrl = operatorQueueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.json = json;
        this.codec = new WorkMessageCodec(json);
    }

    /** The work queue, where a redrive sends messages back. */
    String workUrl() {
        return queueUrl;
    }

    /** Where operator messages go. */
    String url() {
        return operatorQueueUrl != null ? operatorQueueUrl : queueUrl;
    }

    /** Sends one operator message (to the operator queue when there is one); returns its body. */
    String send(WorkMessage message) {
        String body = codec.encode(message);
        sqs.sendMessage(b -> b.queueUrl(url()).messageBody(body));
        return body;
    }

    /**
     * What a redrive did.
     *
     * @param moved     messages sent to the work queue and deleted from the dead-letter queue
     * @param unreadable messages left in the dead-letter queue because the worker could not read them either
     */
    record Redriven(String deadLetterQueueUrl, int moved, int unreadable) {
    }

    /**
     * Moves every message of the dead-letter queue back to the work queue: each is sent first and then
     * deleted, so a crash in between leaves a duplicate (every work message is safe to deliver twice),
     * never a loss. Bodies the codec refuses stay where they are.
     */
    Redriven redrive(int max) {
        String from = deadLetterQueueUrl != null ? deadLetterQueueUrl : deadLetterQueueOf(queueUrl);
        int moved = 0;
        int unreadable = 0;
        while (moved + unreadable < max) {
            int batch = Math.min(10, max - moved - unreadable);
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(from).maxNumberOfMessages(batch)
                    .waitTimeSeconds(1).visibilityTimeout(SKIP_VISIBILITY_SECONDS)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                try {
                    codec.decode(message.body());
                } catch (FerryException refused) {
                    unreadable++;
                    continue;
                }
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(from).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
        return new Redriven(from, moved, unreadable);
    }

    /** The dead-letter queue named by the work queue's redrive policy. */
    private String deadLetterQueueOf(String url) {
        String policy = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null || policy.isBlank()) {
            throw new CliFailure("the work queue " + url + " has no redrive policy: give --dead-letter-queue-url");
        }
        String arn;
        try {
            JsonNode node = json.readTree(policy);
            arn = node.path("deadLetterTargetArn").asText("");
        } catch (Exception e) {
            throw new CliFailure("the work queue's redrive policy is not JSON: " + policy);
        }
        String[] parts = arn.split(":");
        if (parts.length < 6) {
            throw new CliFailure("the work queue's dead-letter target is not a queue ARN: " + arn);
        }
        String account = parts[4];
        String name = parts[5];
        return sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(account)).queueUrl();
    }

    @Override
    public void close() {
        sqs.close();
    }
}
