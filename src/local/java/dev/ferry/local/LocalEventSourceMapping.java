package dev.ferry.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, for the local run and tests: a few pollers receive
 * messages, invoke the worker handler with an {@link SQSEvent} and a fresh invocation context, delete
 * the records the handler did not report as failed, and leave failed ones to reappear (after a short
 * back-off instead of the full visibility timeout, to keep local runs moving).
 */
public final class LocalEventSourceMapping implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalEventSourceMapping.class);
    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Duration invocationTimeout;
    private final Duration retryBackoff;
    private final int concurrency;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private ExecutorService pollers;

    /**
     * @param invocationTimeout the simulated function timeout (each invocation's budget)
     * @param retryBackoff      how long a failed record stays invisible before it is retried
     */
    public LocalEventSourceMapping(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                   int concurrency, Duration invocationTimeout, Duration retryBackoff) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
        this.concurrency = concurrency;
        this.invocationTimeout = invocationTimeout;
        this.retryBackoff = retryBackoff;
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sqs-poller");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.submit(this::poll);
        }
    }

    public long invocations() {
        return invocations.get();
    }

    /** Records reported as failed by the handler (each is retried by the queue). */
    public long failedRecords() {
        return failures.get();
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    invoke(messages);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("local event source mapping: %s", e.toString());
                    sleep(500);
                }
            }
        }
    }

    private void invoke(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setEventSource("aws:sqs");
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            records.add(record);
        }
        event.setRecords(records);
        invocations.incrementAndGet();
        SQSBatchResponse response = handler.handleRequest(event, new LocalLambdaContext("worker", invocationTimeout));
        Set<String> failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                failures.incrementAndGet();
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) retryBackoff.toSeconds()));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (pollers != null) {
            pollers.shutdown();
            try {
                if (!pollers.awaitTermination(invocationTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                    pollers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pollers.shutdownNow();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
