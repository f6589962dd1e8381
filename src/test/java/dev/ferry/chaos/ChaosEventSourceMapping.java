package dev.ferry.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Lambda's SQS event source mapping, misbehaving: it receives small batches from ElasticMQ and runs
 * each record as a worker invocation on a thread of its own, but it also shuffles batches, puts
 * records back to come later, sends copies of records (duplicate deliveries), hands one record to
 * two workers at once, runs several invocations side by side, and lets a record's visibility expire
 * while its worker is paused at a failpoint, so another invocation receives it meanwhile.
 *
 * <p>Every record is answered as Lambda would: deleted when acknowledged, made visible again at once
 * otherwise (standing in for the visibility timeout), so nothing waits on ElasticMQ's real clock.
 */
final class ChaosEventSourceMapping implements Delivery.Poller {
    /** The work queue's {@code maxReceiveCount}, as deployed. */
    static final int MAX_RECEIVES = 5;
    /**
     * From this receive on, a record is delivered with no faults at all, so only a record that can
     * never succeed (an unreadable one) reaches the dead-letter queue.
     */
    static final int CALM_FROM_RECEIVE = 3;
    /** How long a paused worker stays paused, in driver steps, unless its record was handled again. */
    private static final int PAUSE_STEPS = 2;

    private final SqsClient sqs;
    private final String queueUrl;
    private final ChaosWorker worker;
    private final ScenarioPlan plan;
    private final ChaosClock clock;
    private final FaultCounts faults;
    private final ExecutorService threads;
    private final long invocationMillis;
    private final long leaseSlackMillis;
    private final Random dice;
    private final AtomicInteger calmInFlight = new AtomicInteger();
    private final List<Delivery> paused = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> handledMessageIds = Collections.synchronizedSet(new HashSet<>());
    private long invocations;
    private int step;

    ChaosEventSourceMapping(SqsClient sqs, String queueUrl, ChaosWorker worker, ScenarioPlan plan, ChaosClock clock,
                            FaultCounts faults, ExecutorService threads, Duration invocation, Duration leaseSlack) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.worker = worker;
        this.plan = plan;
        this.clock = clock;
        this.faults = faults;
        this.threads = threads;
        this.invocationMillis = invocation.toMillis();
        this.leaseSlackMillis = leaseSlack.toMillis();
        this.dice = new Random(plan.seed ^ 0xd1ce_0f_5e95L);
    }

    /** Whether a calm delivery is running (the remote must not misbehave then). */
    BooleanSupplier calmDeliveryInFlight() {
        return () -> calmInFlight.get() > 0;
    }

    Random dice() {
        return dice;
    }

    /**
     * Receives one batch and delivers it.
     *
     * @return false when the queue is empty and no worker is paused
     */
    boolean step() {
        step++;
        resumePausedWorkers(false);
        List<Message> batch = receive(plan.batchSize);
        if (batch.isEmpty()) {
            if (!paused.isEmpty()) {
                resumePausedWorkers(true);
                return true;
            }
            return !queueIsEmpty();
        }
        deliver(batch);
        return true;
    }

    /**
     * Whether the queue holds nothing at all. An empty receive does not prove it: a record made
     * visible again a moment ago may not be receivable yet.
     */
    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        boolean empty = "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        if (!empty) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return empty;
    }

    /** Lets every paused worker finish. */
    void finish() {
        resumePausedWorkers(true);
    }

    private void deliver(List<Message> batch) {
        List<Message> records = new ArrayList<>(batch);
        if (records.size() > 1 && dice.nextDouble() < plan.shuffleRate) {
            Collections.shuffle(records, dice);
            faults.add(FaultKind.BATCH_SHUFFLED);
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (Message record : records) {
            boolean calm = receiveCount(record) >= CALM_FROM_RECEIVE;
            if (!calm && dice.nextDouble() < plan.deferRate) {
                makeVisible(record);
                faults.add(FaultKind.DELIVERY_DEFERRED);
                continue;
            }
            if (!calm && dice.nextDouble() < plan.duplicateRate) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(record.body()));
                faults.add(FaultKind.DUPLICATE_DELIVERY);
            }
            deliveries.add(newDelivery(record, calm));
            if (!calm && dice.nextDouble() < plan.twiceAtOnceRate) {
                deliveries.add(newDelivery(record, false));
                faults.add(FaultKind.DELIVERED_TWICE_AT_ONCE);
            }
        }
        if (deliveries.size() > 1 && dice.nextDouble() < plan.parallelRate) {
            deliveries.forEach(this::start);
            deliveries.forEach(Delivery::awaitFinishedOrPaused);
        } else {
            for (Delivery delivery : deliveries) {
                start(delivery);
                delivery.awaitFinishedOrPaused();
            }
        }
        for (Delivery delivery : deliveries) {
            if (delivery.finished.isDone()) {
                answer(delivery);
            }
        }
    }

    private Delivery newDelivery(Message record, boolean calm) {
        invocations++;
        return new Delivery(record, "req-" + invocations + "/" + record.messageId(), calm,
                clock.millis() + invocationMillis, dice.nextLong(), this);
    }

    private void start(Delivery delivery) {
        if (delivery.calm) {
            calmInFlight.incrementAndGet();
        }
        threads.execute(() -> {
            try {
                delivery.run(worker);
            } finally {
                if (delivery.calm) {
                    calmInFlight.decrementAndGet();
                }
            }
        });
    }

    /** Deletes an acknowledged record; anything else comes back at once. */
    private void answer(Delivery delivery) {
        handledMessageIds.add(delivery.message.messageId());
        ChaosWorker.Outcome outcome = delivery.awaitFinished();
        try {
            if (outcome == ChaosWorker.Outcome.ACKNOWLEDGED) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(delivery.message.receiptHandle()));
            } else {
                makeVisible(delivery.message);
            }
        } catch (SqsException e) {
            // the record was received again meanwhile: this receipt is stale, the newer one decides
        }
    }

    /**
     * On the paused worker's thread: its record becomes visible to other pollers, and when the lease
     * too expires, the scenario's time moves past the lease so another worker can take the job over.
     */
    @Override
    public void expireWhileRunning(Delivery delivery, boolean leaseTooExpires) {
        if (leaseTooExpires) {
            long leaseEnd = delivery.deadlineMillis + leaseSlackMillis;
            clock.advance(Duration.ofMillis(Math.max(0, leaseEnd + 1_000 - clock.millis())));
        }
        handledMessageIds.remove(delivery.message.messageId());
        delivery.pausedAtStep = step;
        paused.add(delivery);
        makeVisible(delivery.message);
        delivery.pauseHere();
    }

    private void resumePausedWorkers(boolean all) {
        List<Delivery> due = new ArrayList<>();
        synchronized (paused) {
            for (Delivery delivery : paused) {
                if (all || step - delivery.pausedAtStep >= PAUSE_STEPS
                        || handledMessageIds.contains(delivery.message.messageId())) {
                    due.add(delivery);
                }
            }
            paused.removeAll(due);
        }
        for (Delivery delivery : due) {
            delivery.resume();
            delivery.awaitFinished();
            answer(delivery);
        }
    }

    private List<Message> receive(int max) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    private void makeVisible(Message record) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(record.receiptHandle())
                    .visibilityTimeout(0));
        } catch (SqsException e) {
            // already deleted through a newer receipt
        }
    }

    private static int receiveCount(Message record) {
        String count = record.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    long invocations() {
        return invocations;
    }
}
