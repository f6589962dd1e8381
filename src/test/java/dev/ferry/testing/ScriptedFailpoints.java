package dev.ferry.testing;

import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.fault.SimulatedCrash;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Failpoints for unit tests: records every hit in order, and crashes or acts at the hits it was told to. */
public final class ScriptedFailpoints implements Failpoints {
    private final List<Failpoint> hits = new ArrayList<>();
    private final Map<Failpoint, Integer> counts = new EnumMap<>(Failpoint.class);
    private final Map<Failpoint, Set<Integer>> crashes = new EnumMap<>(Failpoint.class);
    private final Map<Failpoint, Map<Integer, Runnable>> actions = new EnumMap<>(Failpoint.class);
    private int crashed;

    /** Crashes at the {@code nth} hit (1-based, counted from now on) of {@code point}. */
    public synchronized ScriptedFailpoints crashAt(Failpoint point, int nth) {
        crashes.computeIfAbsent(point, p -> new HashSet<>()).add(counts.getOrDefault(point, 0) + nth);
        return this;
    }

    /**
     * Runs {@code action} at the {@code nth} hit (1-based, counted from now on) of {@code point}, on
     * the hitting thread, then lets it carry on: e.g. another worker runs while this one is stalled.
     */
    public synchronized ScriptedFailpoints runAt(Failpoint point, int nth, Runnable action) {
        actions.computeIfAbsent(point, p -> new HashMap<>()).put(counts.getOrDefault(point, 0) + nth, action);
        return this;
    }

    @Override
    public void hit(Failpoint point) {
        Runnable action;
        synchronized (this) {
            hits.add(point);
            int count = counts.merge(point, 1, Integer::sum);
            Set<Integer> armed = crashes.get(point);
            if (armed != null && armed.remove(count)) {
                crashed++;
                throw new SimulatedCrash(point);
            }
            action = actions.getOrDefault(point, Map.of()).get(count);
        }
        if (action != null) {
            action.run();
        }
    }

    public synchronized List<Failpoint> hits() {
        return List.copyOf(hits);
    }

    public synchronized int hits(Failpoint point) {
        return counts.getOrDefault(point, 0);
    }

    /** Crashes thrown so far. */
    public synchronized int crashed() {
        return crashed;
    }
}
