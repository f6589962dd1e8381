package dev.ferry.adapter.sqs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link RedeliveryDelay} through SQS's ChangeMessageVisibility. The record's queue URL is the
 * configured queue whose name ends the record's ARN, or else asked of SQS (GetQueueUrl) once and kept.
 */
public final class SqsRedeliveryDelay implements RedeliveryDelay {
    private static final Logger LOG = Logger.getLogger(SqsRedeliveryDelay.class);
    private final SqsClient sqs;
    private final RedeliveryBackoff backoff;
    private final List<String> knownQueueUrls;
    private final Map<String, String> urlByArn = new ConcurrentHashMap<>();

    /** @param knownQueueUrls the queues the function consumes (work and, if set, operator queue) */
    public SqsRedeliveryDelay(SqsClient sqs, RedeliveryBackoff backoff, List<String> knownQueueUrls) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.knownQueueUrls = List.copyOf(knownQueueUrls);
    }

    @Override
    public int delay(String eventSourceArn, String receiptHandle, int receiveCount) {
        if (eventSourceArn == null || receiptHandle == null) {
            return -1;
        }
        int seconds = backoff.seconds(Math.max(1, receiveCount));
        try {
            String url = urlByArn.computeIfAbsent(eventSourceArn, this::queueUrl);
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(receiptHandle).visibilityTimeout(seconds));
            return seconds;
        } catch (SdkException | IllegalArgumentException e) {
            LOG.warnf("could not shorten the redelivery of a record of %s (%s); the queue's visibility timeout applies",
                    eventSourceArn, e.getMessage());
            return -1;
        }
    }

    private String queueUrl(String arn) {
        String[] parts = arn.split(":");
        if (parts.length < 6 || !parts[2].equals("sqs")) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
        }
        String name = parts[5];
        for (String url : knownQueueUrls) {
            if (url != null && url.endsWith("/" + name)) {
                return url;
            }
        }
        String account = parts[4];
        return sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(account)).queueUrl();
    }
}
