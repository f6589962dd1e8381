package dev.ferry.app;

import dev.ferry.domain.job.ChainId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of an installation: a forward pass (1 is the full copy, later ones diff passes) or a reverse
 * sync run, with the chains the plan gives it and the job rows recorded for it. Immutable; read from
 * the job rows alone (see {@link Runs}).
 */
public final class Run {
    private final int number;
    private final boolean reverse;
    private final Map<ChainId, DataType> chains;
    private final List<Job> jobs;
    private final Map<ChainId, Job> live;

    Run(int number, boolean reverse, Map<ChainId, DataType> chains, List<Job> jobs) {
        this.number = number;
        this.reverse = reverse;
        this.chains = Collections.unmodifiableMap(chains);
        this.jobs = List.copyOf(jobs);
        Map<ChainId, Job> latest = new LinkedHashMap<>();
        for (Job job : jobs) {
            latest.merge(job.chain(), job, (a, b) -> a.id().seq() >= b.id().seq() ? a : b);
        }
        this.live = Collections.unmodifiableMap(latest);
    }

    /** The pass or run number, from 1. */
    public int number() {
        return number;
    }

    public boolean reverse() {
        return reverse;
    }

    /** The chains the plan gives this run, each with the data type its first job moves, in plan order. */
    public Map<ChainId, DataType> chains() {
        return chains;
    }

    /** Every job row of this run. */
    public List<Job> jobs() {
        return jobs;
    }

    /** Each chain's live job: its newest (highest sequence), for every chain that has a job. */
    public Map<ChainId, Job> live() {
        return live;
    }

    /** The live job of a chain, if it has one. */
    public Optional<Job> live(ChainId chain) {
        return Optional.ofNullable(live.get(chain));
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    /** When the run began: its first job's creation; empty before it has jobs. */
    public Optional<Instant> began() {
        return jobs.stream().map(Job::createdAt).filter(Objects::nonNull).min(Comparator.naturalOrder());
    }

    /** When its last job finished; empty before any did. */
    public Optional<Instant> finished() {
        return jobs.stream().map(Job::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** Whether every chain the plan gives this run has a live job, and it is DONE. */
    public boolean allDone() {
        return !chains.isEmpty() && chains.keySet().stream()
                .allMatch(c -> live(c).map(j -> j.status() == JobStatus.DONE).orElse(false));
    }

    /** How many of its chains are DONE. */
    public long chainsDone() {
        return chains.keySet().stream().filter(c -> live(c).map(j -> j.status() == JobStatus.DONE).orElse(false)).count();
    }

    /** Whether a chain's live job is FAILED. */
    public boolean anyFailed() {
        return live.values().stream().anyMatch(j -> j.status() == JobStatus.FAILED);
    }

    /**
     * Whether the run moved all data of all types within a single run (the seed's completion rule):
     * every step of a diff pass took exactly one job (no budget continuation, no restart).
     */
    public boolean singleRun(int steps) {
        return jobs.size() == steps
                && jobs.stream().allMatch(j -> j.status() == JobStatus.DONE || j.status() == JobStatus.CONTINUED);
    }
}
