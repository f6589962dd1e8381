package dev.ferry.adapter.sqs;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The work queue on SQS. Batches of up to 10 per request; any entry that fails fails the call.
 *
 * <p>With an operator queue configured, operator messages ({@link #isOperatorMessage}) go there and
 * everything else to the work queue, so an operator's cutover or pause never waits behind a backlog of
 * transfers; the worker function consumes both. Without one, every message goes to the work queue.
 */
public final class SqsWorkQueue implements WorkQueue {
    static final int MAX_BATCH = 10;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String operatorQueueUrl;
    private final WorkMessageCodec codec;
    private static final long WAITING_TTL_NANOS = 1_000_000_000L;
    private boolean waiting;
    private long waitingAskedAt;

    public SqsWorkQueue(SqsClient sqs, String queueUrl, WorkMessageCodec codec) {
        this(sqs, queueUrl, null, codec);
    }

    /** @param operatorQueueUrl the operator queue, or null: operator messages share the work queue */
    public SqsWorkQueue(SqsClient sqs, String queueUrl, String operatorQueueUrl, WorkMessageCodec codec) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.operatorQueueUrl = operatorQueueUrl == null || operatorQueueUrl.isBlank() ? null : operatorQueueUrl;
        this.codec = codec;
    }

    /** Messages an operator sends (and the steps they start): cutover, reverse sync, verify, retry, pause/resume. */
    public static boolean isOperatorMessage(WorkMessage message) {
        return message instanceof WorkMessage.SwitchPrimary || message instanceof WorkMessage.ReverseSync
                || message instanceof WorkMessage.Verify || message instanceof WorkMessage.RetryFailed
                || message instanceof WorkMessage.Pause;
    }

    /** The queue a message is sent to. */
    String queueFor(WorkMessage message) {
        return operatorQueueUrl != null && isOperatorMessage(message) ? operatorQueueUrl : queueUrl;
    }

    @Override
    public void send(WorkMessage message) {
        String queueUrl = queueFor(message);
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(codec.encode(message)));
        } catch (SdkException e) {
            throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "could not send to the work queue: " + e.getMessage(), e);
        }
    }

    /** SQS's {@code DelaySeconds}: the delay rounded up to whole seconds, at most 900. */
    @Override
    public void sendLater(WorkMessage message, java.time.Duration delay) {
        int seconds = delaySeconds(delay);
        String queueUrl = queueFor(message);
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(codec.encode(message)).delaySeconds(seconds));
        } catch (SdkException e) {
            throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "could not send to the work queue: " + e.getMessage(), e);
        }
    }

    /**
     * SQS's {@code ApproximateNumberOfMessages} above zero, asked at most once a second (the answer is
     * kept that long); false when the queue cannot be asked.
     */
    @Override
    public boolean othersWaiting() {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - waitingAskedAt < WAITING_TTL_NANOS && waitingAskedAt != 0) {
                return waiting;
            }
        }
        boolean answer;
        try {
            String count = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0");
            answer = Long.parseLong(count) > 0;
        } catch (SdkException | NumberFormatException e) {
            answer = false;
        }
        synchronized (this) {
            waiting = answer;
            waitingAskedAt = now;
        }
        return answer;
    }

    static int delaySeconds(java.time.Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            return 0;
        }
        long seconds = (delay.toMillis() + 999) / 1000;
        return (int) Math.min(seconds, WorkQueue.MAX_DELAY.toSeconds());
    }

    @Override
    public void sendAll(List<? extends WorkMessage> messages) {
        if (operatorQueueUrl != null) {
            sendBatches(queueUrl, messages.stream().filter(m -> !isOperatorMessage(m)).toList());
            sendBatches(operatorQueueUrl, messages.stream().filter(SqsWorkQueue::isOperatorMessage).toList());
            return;
        }
        sendBatches(queueUrl, messages);
    }

    private void sendBatches(String queueUrl, List<? extends WorkMessage> messages) {
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
            List<? extends WorkMessage> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_BATCH));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(codec.encode(chunk.get(i))).build());
            }
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "could not send to the work queue: " + e.getMessage(), e);
            }
            if (response.hasFailed() && !response.failed().isEmpty()) {
                // Re-send the failed entries one by one; a duplicate of a delivered one is harmless.
                response.failed().forEach(f -> send(chunk.get(Integer.parseInt(f.id()))));
            }
        }
    }
}
