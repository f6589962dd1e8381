package dev.ferry.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs every scenario of a chaos run, spread over the lanes, against one shared world. */
final class ChaosRun {
    private ChaosRun() {
    }

    /** A scenario that breaks down (an engine failing, a worker that never returns) counts as stuck. */
    private static ScenarioResult runOne(ScenarioPlan plan, Lane lane, ChaosWorld world, ExecutorService workers) {
        long started = System.nanoTime();
        try {
            return new Scenario(plan, lane, world, workers).run();
        } catch (Exception | AssertionError e) {
            return new ScenarioResult(plan, 0, 0, 1, List.of("the scenario broke down: " + e), new FaultCounts(), 0,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    static ChaosReport run(ChaosSettings settings) throws Exception {
        long started = System.nanoTime();
        ConcurrentLinkedQueue<ScenarioPlan> pending = new ConcurrentLinkedQueue<>(settings.plans());
        List<ScenarioResult> results = Collections.synchronizedList(new ArrayList<>());
        int lanes = Math.max(1, Math.min(settings.lanes(), pending.size()));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chaos-worker-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExecutorService laneRunners = Executors.newFixedThreadPool(lanes);
        try (ChaosWorld world = ChaosWorld.start(lanes)) {
            List<Future<?>> running = new ArrayList<>();
            for (Lane lane : world.lanes) {
                running.add(laneRunners.submit(() -> {
                    ScenarioPlan plan;
                    while ((plan = pending.poll()) != null) {
                        results.add(runOne(plan, lane, world, workers));
                    }
                    return null;
                }));
            }
            for (Future<?> lane : running) {
                lane.get();
            }
        } finally {
            laneRunners.shutdownNow();
            workers.shutdownNow();
        }
        List<ScenarioResult> ordered = new ArrayList<>(results);
        ordered.sort((a, b) -> Integer.compare(a.plan().number, b.plan().number));
        return new ChaosReport(settings, ordered, (System.nanoTime() - started) / 1_000_000);
    }
}
