package dev.ferry.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.sqs.SqsWorkQueue;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.adapter.config.VerificationBeans;
import dev.ferry.adapter.mysql.MySqlKeyRanges;
import dev.ferry.app.FerryCore;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.Tick;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.write.DuplicatePolicy;
import dev.ferry.domain.write.InsertLimits;
import dev.ferry.local.engine.EmbeddedSqs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One chaos scenario, start to verdict: load the scenario's data into the lane's source, wire the
 * core by hand to the real adapters (MariaDB, ElasticMQ, the HTTP remote) seen through the chaos
 * wrappers, tick and deliver until every installation is DONE and the queue is empty (or a bound
 * is hit), then judge, and drop what the scenario created.
 */
final class Scenario {
    /**
     * The deployed defaults — 20 s safety margin, 5 s first page estimate, 60 s lease slack, read-ahead, three
     * pages written at once — with pages grown toward 2 KiB instead of a whole request, so scenarios keep many
     * pages and continuations.
     */
    static final WorkerSettings WORKER = new WorkerSettings(20_000, 5_000, 60_000, dev.ferry.app.FailurePolicy.DEFAULT,
            2_048, 65_535, WorkerSettings.DEFAULT_MAX_PAGE_SIZE, true, 0, 3);
    /** The deployed defaults: a PENDING job untouched for 15 min is re-sent; backoff from 5 s to 15 min, 6 h to give up. */
    static final CheckerSettings CHECKER = CheckerSettings.DEFAULT;
    /** Scenario time that passes whenever the queue runs dry before the end: leases expire, lost messages are re-sent. */
    static final Duration IDLE = CHECKER.redispatchAfter().plusMinutes(1);
    private static final int MAX_STEPS = 3_000;
    private static final int MAX_IDLE_STRETCHES = 30;
    private static final int CORRUPTION_ODDS = 20;
    private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(3);

    private final ScenarioPlan plan;
    private final Lane lane;
    private final ChaosWorld world;
    private final ExecutorService threads;
    private final FaultCounts faults = new FaultCounts();
    private final Set<String> corruptedBodies = new HashSet<>();

    Scenario(ScenarioPlan plan, Lane lane, ChaosWorld world, ExecutorService threads) {
        this.plan = plan;
        this.lane = lane;
        this.world = world;
        this.threads = threads;
    }

    ScenarioResult run() throws InterruptedException {
        long started = System.nanoTime();
        MigrationPlan migrationPlan = plan.migrationPlan(world.basePlan);
        List<InstallationId> installations = plan.installationIds();
        lane.source.load(plan.dataSet());
        EmbeddedSqs.QueueUrls queues = EmbeddedSqs.createQueueWithDeadLetterQueue(world.sqsClient,
                world.databasePrefix + plan.number, ChaosEventSourceMapping.MAX_RECEIVES, Duration.ofMinutes(10));
        ChaosClock clock = new ChaosClock(Instant.now());
        InstallationDatabases cleanDatabases = new InstallationDatabases(world.pool, world.databasePrefix);
        JobStore cleanStore = new MySqlJobStore(world.pool, cleanDatabases);
        WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());
        WorkQueue sqsQueue = new SqsWorkQueue(world.sqsClient, queues.queueUrl(), codec);
        ChaosQueue chaosQueue = new ChaosQueue(sqsQueue, plan, faults, clock);
        ChaosWorker worker = new ChaosWorker(core(migrationPlan, clock, chaosQueue), codec, clock);
        Duration invocation = Duration.ofMillis(WORKER.safetyMarginMillis())
                .plus(ChaosRemoteFaults.PAGE_COST.multipliedBy(plan.pagesPerInvocation))
                .plus(ChaosRemoteFaults.PAGE_COST.dividedBy(2));
        ChaosEventSourceMapping mapping = new ChaosEventSourceMapping(world.sqsClient, queues.queueUrl(), worker, plan,
                clock, faults, threads, invocation, Duration.ofMillis(WORKER.leaseSlackMillis()));
        lane.server.faultHook(new ChaosRemoteFaults(plan, faults, clock, mapping.calmDeliveryInFlight()));
        try {
            boolean settled;
            try {
                settled = drive(mapping, new Tick(sqsQueue), chaosQueue, queues.queueUrl(), clock, cleanStore, installations);
            } finally {
                mapping.finish();
                lane.server.faultHook(null);
            }
            return verdict(settled, migrationPlan, cleanDatabases, cleanStore, installations, deadLetters(queues),
                    queues.queueUrl(), worker, mapping.invocations(), started);
        } finally {
            world.cleanUpLater(() -> {
                installations.forEach(cleanDatabases::drop);
                world.sqsClient.deleteQueue(b -> b.queueUrl(queues.queueUrl()));
                world.sqsClient.deleteQueue(b -> b.queueUrl(queues.deadLetterQueueUrl()));
            });
        }
    }

    /** The production core (the assembly FerryBeans uses), on the real adapters behind the chaos wrappers. */
    private HandleWorkMessage core(MigrationPlan migrationPlan, ChaosClock clock, WorkQueue queue) {
        ChaosDataSource database = new ChaosDataSource(world.killable, plan, faults);
        InstallationDatabases databases = new InstallationDatabases(database, world.databasePrefix);
        ChaosFailpoints failpoints = new ChaosFailpoints(plan, faults, world.killable);
        JobStore store = new MySqlJobStore(database, databases);
        MySqlRowSink sink = new MySqlRowSink(database, databases,
                new InsertLimits(plan.rowsPerStatement, InsertLimits.DEFAULT.maxRequestBytes(),
                        InsertLimits.DEFAULT.maxPlaceholders(), DuplicatePolicy.UPDATE), failpoints);
        MySqlSchemaMigrator schema = new MySqlSchemaMigrator(database, databases, clock);
        FerryCore.Ports ports = new FerryCore.Ports(store, lane.remote.pages(), lane.remote.status(),
                lane.remote.installations(), lane.remote.changes(), lane.remote.writer(),
                MySqlKeyRanges.strict(database, databases), sink, schema, queue,
                VerificationBeans.verifier(lane.remote, database, databases, sink, clock, VerifySettings.defaults()), clock,
                failpoints, task -> FerryCore.readAheadPool().execute(Delivery.carry(task)));
        return FerryCore.assemble(migrationPlan, ports,
                new FerryCore.Settings(WORKER, CHECKER, plan.installationsPerListing)).handler();
    }

    /**
     * Ticks and deliveries until every installation is DONE and the queue is empty. When the queue
     * runs dry before that, an idle stretch passes and the scheduler ticks, as it would hourly.
     *
     * @return whether the scenario settled within the bounds
     */
    private boolean drive(ChaosEventSourceMapping mapping, Tick tick, ChaosQueue delayed, String queueUrl,
                          ChaosClock clock, JobStore store, List<InstallationId> installations) {
        tick.run();
        int idleStretches = 0;
        for (int step = 1; step <= MAX_STEPS; step++) {
            delayed.releaseDue();
            if (corruptedBodies.size() < plan.corruptedMessages && mapping.dice().nextInt(CORRUPTION_ODDS) == 0) {
                sendCorrupted(queueUrl);
            }
            if (step % plan.tickEvery == 0 && !allDone(store, installations)) {
                tick.run();
            }
            if (mapping.step()) {
                continue;
            }
            if (allDone(store, installations)) {
                if (corruptedBodies.size() < plan.corruptedMessages) {
                    sendCorrupted(queueUrl);
                    continue;
                }
                return true;
            }
            Optional<Instant> due = delayed.nextDue();
            if (due.isPresent()) {
                // a job waits for its next attempt after a failure: its time comes, no idle stretch
                clock.advance(Duration.between(clock.instant(), due.get()).plusMillis(1));
                continue;
            }
            if (++idleStretches > MAX_IDLE_STRETCHES) {
                return false;
            }
            clock.advance(IDLE);
            tick.run();
        }
        return false;
    }

    /** Bodies no worker can read, each a different way; they must end in the dead-letter queue. */
    private void sendCorrupted(String queueUrl) {
        int n = corruptedBodies.size();
        String installation = plan.installations.get(0).installationId();
        String body = switch (n % 3) {
            case 0 -> "not json, corrupted message " + plan.number + "-" + n;
            case 1 -> "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"" + installation + "\",\"jobId\":\"projects#" + n;
            default -> "{\"v\":99,\"type\":\"track\",\"installationId\":\"" + installation + "\",\"n\":" + n + "}";
        };
        corruptedBodies.add(body);
        world.sqsClient.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        faults.add(FaultKind.CORRUPTED_MESSAGE);
    }

    private static boolean allDone(JobStore store, List<InstallationId> installations) {
        return installations.stream().allMatch(i -> store.trackingStatus(i).filter(s -> s == InstallationStatus.DONE).isPresent());
    }

    /**
     * The bodies in the dead-letter queue. ElasticMQ moves a message there a moment after the receive
     * that went over its limit, so this reads until the queue stays empty for a short while and every
     * unreadable message sent has arrived (or a few seconds have passed).
     */
    private List<String> deadLetters(EmbeddedSqs.QueueUrls queues) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        long giveUp = System.nanoTime() + DEAD_LETTER_WAIT.toNanos();
        int quietReads = 0;
        while (quietReads < 2 || !bodies.containsAll(corruptedBodies) && System.nanoTime() < giveUp) {
            List<Message> batch = world.sqsClient.receiveMessage(b -> b.queueUrl(queues.deadLetterQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)).messages();
            batch.forEach(m -> bodies.add(m.body()));
            if (batch.isEmpty()) {
                quietReads++;
                Thread.sleep(30);
            }
        }
        return bodies;
    }

    private String queueCounts(String queueUrl) {
        var attributes = world.sqsClient.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + " visible, "
                + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight";
    }

    private ScenarioResult verdict(boolean settled, MigrationPlan migrationPlan, InstallationDatabases databases,
                                   JobStore store, List<InstallationId> installations, List<String> deadLetters,
                                   String queueUrl, ChaosWorker worker, long invocations, long started) {
        List<String> problems = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        long stuck = 0;
        ScenarioCheck check = new ScenarioCheck(migrationPlan, world.pool, databases, store, lane.source);
        for (InstallationId installation : installations) {
            ScenarioCheck.Verdict verdict = check.check(installation);
            lost += verdict.lost();
            duplicated += verdict.duplicated();
            stuck += verdict.stuck() ? 1 : 0;
            problems.addAll(verdict.problems());
        }
        if (!settled) {
            stuck = Math.max(stuck, 1);
            problems.add("did not settle within " + MAX_STEPS + " steps and " + MAX_IDLE_STRETCHES + " idle stretches");
        }
        for (String body : deadLetters) {
            if (!corruptedBodies.contains(body)) {
                problems.add("dead letter that should not be there: " + body);
            }
        }
        for (String body : corruptedBodies) {
            if (!deadLetters.contains(body)) {
                problems.add("unreadable message not in the dead-letter queue: " + body + " (work queue: "
                        + queueCounts(queueUrl) + ")");
            }
        }
        if (!problems.isEmpty()) {
            worker.surprises().stream().limit(5).forEach(s -> problems.add("worker: " + s));
        }
        return new ScenarioResult(plan, lost, duplicated, stuck, problems, faults, invocations,
                (System.nanoTime() - started) / 1_000_000);
    }
}
