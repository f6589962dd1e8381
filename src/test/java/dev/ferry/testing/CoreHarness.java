package dev.ferry.testing;

import dev.ferry.app.CheckJobs;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.FailurePolicy;
import dev.ferry.app.FerryCore;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.RunTransferJob;
import dev.ferry.app.TrackInstallation;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.SimulatedCrash;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The core wired to in-memory fakes, with a synchronous delivery loop standing in for SQS + Lambda. */
public final class CoreHarness {
    public static final long SAFETY_MILLIS = 100;
    public final MigrationPlan plan;
    public final InMemoryJobStore store = new InMemoryJobStore();
    public final InMemoryRemote remote = new InMemoryRemote();
    public final RecordingRowSink sink = new RecordingRowSink();
    public final ManualClock clock = ManualClock.startingAt("2026-01-01T00:00:00Z");
    public final RecordingWorkQueue queue = new RecordingWorkQueue(clock);
    /** Retries in the harness: 1 s, doubling to 1 min at most; a chain failing for 10 minutes is FAILED. */
    public static final FailurePolicy FAILURES = new FailurePolicy(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(10));
    public final ScriptedFailpoints failpoints = new ScriptedFailpoints();
    public final Map<InstallationId, List<Integer>> schemaApplied = new ConcurrentHashMap<>();
    public final SchemaMigrator schema = (installation, scripts) -> {
        List<Integer> versions = scripts.stream().map(SchemaScript::version).toList();
        schemaApplied.merge(installation, new ArrayList<>(versions), (a, b) -> {
            a.addAll(b);
            return a;
        });
        return versions;
    };
    /** The core's ports, for tests that swap one (a scripted remote, say). */
    public final FerryCore.Ports ports;
    public final CheckJobs checker;
    public final TrackInstallation tracker;
    public final RunTransferJob transfer;
    public final HandleWorkMessage handler;
    private int deliveries;

    public CoreHarness(MigrationPlan plan) {
        this(plan, new WorkerSettings(SAFETY_MILLIS, 0, 1_000, FAILURES), new CheckerSettings(Duration.ofMinutes(5), FAILURES));
    }

    public CoreHarness(MigrationPlan plan, WorkerSettings worker, CheckerSettings checkerSettings) {
        this.plan = plan;
        this.ports = TestCores.fakes(store, remote, sink, schema, queue, clock, failpoints);
        FerryCore core = FerryCore.assemble(plan, ports, new FerryCore.Settings(worker, checkerSettings, 2));
        this.checker = core.checker();
        this.tracker = core.tracker();
        this.transfer = core.transfer();
        this.handler = core.handler();
    }

    /**
     * Delivers queued messages until none is left (or the limit is hit), each with a fresh budget from
     * {@code budgets}. A retryable failure, or a {@link SimulatedCrash} (the worker died, so the message
     * was not acknowledged), puts the message back at the end, as a redelivery would. A message sent with
     * a delay moves the clock to its due time when it comes up, as waiting for it would.
     *
     * @return messages delivered
     */
    public int deliverAll(java.util.function.Supplier<LongSupplier> budgets, int limit) {
        int count = 0;
        WorkMessage message;
        while (count < limit && (message = queue.poll()) != null) {
            count++;
            deliveries++;
            queue.dueOf(message).filter(due -> due.isAfter(clock.instant()))
                    .ifPresent(due -> clock.advance(Duration.between(clock.instant(), due)));
            try {
                handler.handle(message, "delivery-" + deliveries, budgets.get());
            } catch (FerryException e) {
                if (!e.retryable()) {
                    throw e;
                }
                queue.send(message);
            } catch (SimulatedCrash crash) {
                queue.send(message);
            }
        }
        return count;
    }

    /**
     * A budget that allows exactly {@code pages} pages per delivery: every fetch from the remote costs a
     * simulated second of the invocation's remaining time.
     */
    public java.util.function.Supplier<LongSupplier> pagesPerInvocation(int pages) {
        return () -> {
            int start = remote.fetchCount();
            return () -> SAFETY_MILLIS + 1000L * (pages - (remote.fetchCount() - start));
        };
    }

    /** A budget that never runs out. */
    public static java.util.function.Supplier<LongSupplier> unlimited() {
        return () -> () -> 900_000;
    }
}
