package dev.ferry.app;

import dev.ferry.app.port.DestinationGuard;
import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.domain.job.ChainId;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.verify.VerificationCounts;
import dev.ferry.domain.verify.VerificationRecord;
import dev.ferry.domain.verify.VerificationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the state of installations: their tracking status; per chain, the live job's progress; per
 * data type, rows, lag, last error and the latest verification; and for the fleet, counts by status
 * and whether the remote database can be decommissioned (every installation DONE, and verified
 * after its migration finished with no differences). Times are ISO-8601 UTC text and lags whole
 * seconds, so the report serialises to plain JSON.
 */
public final class StatusReport {
    private final MigrationPlan plan;
    private final JobStore store;
    private final InstallationDirectory directory;
    private final VerificationStore verifications;
    private final Clock clock;
    private final DestinationGuard guard;

    public StatusReport(MigrationPlan plan, JobStore store, InstallationDirectory directory) {
        this(plan, store, directory, VerificationStore.NONE, Clock.systemUTC());
    }

    public StatusReport(MigrationPlan plan, JobStore store, InstallationDirectory directory,
                        VerificationStore verifications, Clock clock) {
        this(plan, store, directory, verifications, clock, DestinationGuard.NONE);
    }

    /** @param guard says why an installation Ferry has not started is refused (its database is someone else's) */
    public StatusReport(MigrationPlan plan, JobStore store, InstallationDirectory directory,
                        VerificationStore verifications, Clock clock, DestinationGuard guard) {
        this.plan = plan;
        this.store = store;
        this.directory = directory;
        this.verifications = Objects.requireNonNull(verifications, "verifications");
        this.clock = clock;
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /**
     * One chain's live job; {@code job} is its position in the chain (continuations and restarts so far).
     *
     * @param nextAttemptAt when a chain waiting after a failure is tried again (null when it is not waiting)
     * @param failingSince  when the chain began failing without progress (null while it progresses)
     */
    public record ChainState(String chain, String dataType, int job, JobStatus status, long rowsCopied, long pages,
                             int attempts, String lastError, String nextAttemptAt, String failingSince) {
        public ChainState(String chain, String dataType, int job, JobStatus status, long rowsCopied, long pages,
                          int attempts, String lastError) {
            this(chain, dataType, job, status, rowsCopied, pages, attempts, lastError, null, null);
        }

        /** Whether the chain is PENDING, waiting for its next attempt after a failure. */
        public boolean waiting() {
            return status == JobStatus.PENDING && nextAttemptAt != null;
        }

        static ChainState of(String chain, Job job, Instant now) {
            return new ChainState(chain, job.dataType(), job.id().seq(), job.status(), job.rowsCopied(), job.pages(),
                    job.attempts(), job.lastError() == null ? null : job.lastError().describe(),
                    job.waitingAt(now) ? job.nextAttemptAt().toString() : null, text(job.failingSince()));
        }
    }

    /**
     * The latest verification of a data type.
     *
     * @param status          RUNNING, DONE or FAILED
     * @param clean           DONE and found nothing missing, extra or different
     * @param afterMigration  started after the installation's last job finished (so it checked the
     *                        final state of the first full pass)
     */
    public record VerificationState(String runId, String status, String method, boolean repair, String startedAt,
                                    String finishedAt, long sourceRows, long destinationRows, long missing, long extra,
                                    long different, long repaired, List<String> missingKeys, List<String> extraKeys,
                                    List<String> differentKeys, String error, boolean clean, boolean afterMigration) {
        public long differences() {
            return missing + extra + different;
        }
    }

    /**
     * One data type of an installation.
     *
     * @param status               its jobs' state (null before any job); DONE once its data was all copied
     * @param rows                 rows copied
     * @param lastProgressAt       when its jobs last recorded anything
     * @param secondsSinceProgress lag: seconds since then
     * @param lastPassAt           when its last complete pass finished (null before the first)
     * @param secondsSinceLastPass lag: seconds since then
     * @param verification         the latest verification, or null
     */
    public record DataTypeState(String dataType, JobStatus status, long rows, String lastProgressAt,
                                Long secondsSinceProgress, String lastPassAt, Long secondsSinceLastPass,
                                String lastError, VerificationState verification) {
    }

    /**
     * Where an installation's passes and cutover stand.
     *
     * @param pass             the newest pass (1: the first full copy; later: diff passes)
     * @param primary          which side the app treats as primary: SOURCE until the cutover
     * @param lastPassBeganAt  when the newest complete pass began (null before one completes)
     * @param lagSeconds       replication lag bound: seconds since {@code lastPassBeganAt}; every change
     *                         older than that (less the plan's overlap) is in the destination
     * @param reverseRun       the newest reverse sync run (0: none)
     * @param reverseStatus    null without a reverse sync; RUNNING, FAILED or DONE
     * @param pausedSince      when an operator paused the installation's migration; null while it runs
     */
    public record SyncState(int pass, String primary, String lastPassBeganAt, Long lagSeconds, int reverseRun,
                            String reverseStatus, String pausedSince) {
    }

    /**
     * One installation. {@code status} is null when Ferry has not seen it yet. {@code verified}: every
     * data type's latest verification is clean and began after the migration finished. {@code refusal}:
     * why Ferry will not start it (its database belongs to someone else), or null.
     */
    public record InstallationState(String installation, InstallationStatus status, long rowsCopied,
                                    List<ChainState> chains, List<DataTypeState> dataTypes, boolean verified,
                                    SyncState sync, String refusal) {
        public InstallationState(String installation, InstallationStatus status, long rowsCopied,
                                 List<ChainState> chains, List<DataTypeState> dataTypes, boolean verified,
                                 SyncState sync) {
            this(installation, status, rowsCopied, chains, dataTypes, verified, sync, null);
        }

        /** A chain FAILED (for an operator to look at), or Ferry refuses the installation altogether. */
        public boolean failing() {
            return refusal != null || chains.stream().anyMatch(c -> c.status() == JobStatus.FAILED);
        }

        /** Differences found by the latest verifications. */
        public long differences() {
            return dataTypes.stream().filter(d -> d.verification() != null)
                    .mapToLong(d -> d.verification().differences()).sum();
        }
    }

    /**
     * The whole fleet, with counts by status. {@code decommissionReady}: every installation is DONE
     * and verified with no differences, and none was rolled back to the source or is being synced back
     * to it; {@code decommission} says so, or what is missing.
     */
    public record Fleet(List<InstallationState> installations, Map<InstallationStatus, Integer> counts, int unknown,
                        long rowsCopied, int verified, long differences, boolean decommissionReady,
                        String decommission, String generatedAt, String listingProblem) {
        public Fleet(List<InstallationState> installations, Map<InstallationStatus, Integer> counts, int unknown,
                     long rowsCopied, int verified, long differences, boolean decommissionReady, String decommission,
                     String generatedAt) {
            this(installations, counts, unknown, rowsCopied, verified, differences, decommissionReady, decommission,
                    generatedAt, null);
        }

        /** A fleet that could not be listed: no installation, {@code problem} as the listing problem. */
        public static Fleet unlisted(String problem) {
            return new Fleet(List.of(), Map.of(), 0, 0, 0, 0, false, "not ready: " + problem,
                    java.time.Instant.now().toString(), problem);
        }

        /** Every installation listed is DONE (false when none could be listed at all). */
        public boolean allDone() {
            return !(installations.isEmpty() && listingProblem != null) && unknown == 0 && counts.getOrDefault(InstallationStatus.DONE, 0) == installations.size();
        }
    }

    public InstallationState installation(InstallationId installation) {
        return installation(installation, clock.instant());
    }

    private InstallationState installation(InstallationId installation, Instant now) {
        InstallationStatus status = store.trackingStatus(installation).orElse(null);
        List<ChainState> chains = new ArrayList<>();
        long rows = 0;
        List<Job> all = status == null ? List.of() : store.jobs(installation);
        Runs runs = Runs.of(plan, all);
        // The first pass's chains: per data type, the initial copy (diff passes are summed up in SyncState).
        Run first = runs.pass(1);
        List<Job> jobs = first.jobs();
        if (status != null) {
            Map<ChainId, Job> latest = new java.util.LinkedHashMap<>();
            // The plan's chains in plan order, then any chain the plan no longer names (so its failure still shows).
            first.chains().keySet().forEach(chain -> latest.put(chain, first.live().get(chain)));
            first.live().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(ChainId::name)))
                    .forEach(e -> latest.putIfAbsent(e.getKey(), e.getValue()));
            for (Map.Entry<ChainId, Job> entry : latest.entrySet()) {
                Job job = entry.getValue();
                if (job != null) {
                    chains.add(ChainState.of(entry.getKey().name(), job, now));
                    rows += job.rowsCopied();
                }
            }
            chains.addAll(laterRunsNeedingAttention(runs, now));
        }
        Map<String, VerificationRecord> verified = new HashMap<>();
        for (VerificationRecord record : verifications.latest(installation)) {
            verified.put(record.dataType(), record);
        }
        Instant migrationFinished = migrationFinished(all.stream().filter(j -> !j.id().reverse()).toList());
        List<DataTypeState> types = new ArrayList<>();
        boolean allClean = status == InstallationStatus.DONE;
        long rowsBefore = 0;
        for (DataType type : plan.dataTypes()) {
            List<Job> ofType = jobs.stream().filter(j -> j.dataType().equals(type.name()))
                    .sorted(Comparator.comparingInt((Job j) -> j.id().seq())).toList();
            VerificationState verification = verification(verified.get(type.name()), migrationFinished);
            types.add(dataType(type, ofType, jobs, rowsBefore, verification, lastPassEnd(type, all), now));
            if (plan.mode() == MigrationMode.SINGLE_EVENT) {
                rowsBefore = Math.max(rowsBefore, ofType.stream().mapToLong(Job::rowsCopied).max().orElse(rowsBefore));
            }
            allClean &= verification != null && verification.clean() && verification.afterMigration();
        }
        return new InstallationState(installation.value(), status, rows, chains, types, allClean,
                status == null ? null : sync(installation, runs, now),
                status == null ? guard.refusal(installation).orElse(null) : null);
    }

    /**
     * The live jobs of the newest diff pass and reverse run that wait for a next attempt or are FAILED,
     * so a failure after the first pass is as visible as one in it.
     */
    private static List<ChainState> laterRunsNeedingAttention(Runs runs, Instant now) {
        List<Run> later = new ArrayList<>();
        if (runs.currentPass() > 1) {
            later.add(runs.currentPassRun());
        }
        runs.currentReverseRun().ifPresent(later::add);
        return later.stream().flatMap(r -> r.live().entrySet().stream())
                .filter(e -> e.getValue().status() == JobStatus.FAILED || e.getValue().waitingAt(now))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ChainId::name)))
                .map(e -> ChainState.of(e.getKey().name(), e.getValue(), now)).toList();
    }

    private SyncState sync(InstallationId installation, Runs runs, Instant now) {
        Instant lastBegan = runs.lastCompletePass().flatMap(Run::began).orElse(null);
        String reverseStatus = runs.currentReverseRun()
                .map(r -> r.allDone() ? "DONE" : r.anyFailed() ? "FAILED" : "RUNNING").orElse(null);
        dev.ferry.domain.job.Controls controls = store.controls(installation);
        return new SyncState(runs.currentPass(), controls.primary().name(), text(lastBegan),
                seconds(lastBegan, now), runs.currentReverse(), reverseStatus, text(controls.pausedSince()));
    }

    /** When the newest forward job that moved this data type finished, in any pass. */
    private static Instant lastPassEnd(DataType type, List<Job> all) {
        return all.stream().filter(j -> !j.id().reverse() && j.dataType().equals(type.name()))
                .map(Job::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    private DataTypeState dataType(DataType type, List<Job> ofType, List<Job> all, long rowsBefore,
                                   VerificationState verification, Instant lastPassEnd, Instant now) {
        if (ofType.isEmpty()) {
            return new DataTypeState(type.name(), null, 0, null, null, null, null, null, verification);
        }
        Job latest = ofType.get(ofType.size() - 1);
        JobStatus status = latest.status();
        if (status == JobStatus.CONTINUED && movedOn(latest, all)) {
            status = JobStatus.DONE; // single-event chain: this data type is finished, the chain went on to the next
        }
        long rows = Math.max(0, ofType.stream().mapToLong(Job::rowsCopied).max().orElse(0) - rowsBefore);
        Instant progress = ofType.stream().map(Job::updatedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(null);
        Instant pass = status == JobStatus.DONE ? (lastPassEnd != null ? lastPassEnd : latest.finishedAt()) : null;
        String error = latest.lastError() == null ? null : latest.lastError().describe();
        return new DataTypeState(type.name(), status, rows, text(progress), seconds(progress, now), text(pass),
                seconds(pass, now), error, verification);
    }

    /** Whether a later job of the same chain moves another data type. */
    private static boolean movedOn(Job job, List<Job> all) {
        return all.stream().anyMatch(j -> j.chain().equals(job.chain()) && j.id().seq() > job.id().seq()
                && !j.dataType().equals(job.dataType()));
    }

    /** When the last job finished, if every chain is finished; null otherwise or without jobs. */
    private static Instant migrationFinished(List<Job> jobs) {
        return jobs.stream().filter(j -> !j.id().value().equals(JobId.TRACKING_ID)).map(Job::finishedAt)
                .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    private static VerificationState verification(VerificationRecord record, Instant migrationFinished) {
        if (record == null) {
            return null;
        }
        VerificationCounts c = record.counts();
        boolean after = migrationFinished == null || !record.startedAt().isBefore(migrationFinished);
        return new VerificationState(record.runId(), record.status().name(), record.method(), record.repair(),
                text(record.startedAt()), text(record.finishedAt()), c.sourceRows(), c.destinationRows(), c.missing(),
                c.extra(), c.different(), c.repaired(), c.missingKeys(), c.extraKeys(), c.differentKeys(),
                record.lastError(), record.status() == VerificationStatus.DONE && record.clean(), after);
    }

    /**
     * Every installation the directory lists, each once. A listing that loops or runs past
     * {@link ListingGuard#DEFAULT_MAX_PAGES} pages is cut where it repeats, and {@code listingProblem} says so.
     */
    public Fleet fleet() {
        Instant now = clock.instant();
        List<InstallationState> states = new ArrayList<>();
        Map<InstallationStatus, Integer> counts = new EnumMap<>(InstallationStatus.class);
        int unknown = 0;
        long rows = 0;
        int verified = 0;
        long differences = 0;
        String listingProblem = null;
        java.util.Set<InstallationId> seen = new java.util.HashSet<>();
        ListingGuard guard = new ListingGuard(ListingGuard.DEFAULT_MAX_PAGES);
        ListingGuard.Position position = ListingGuard.Position.START;
        dev.ferry.domain.page.Cursor after = null;
        do {
            InstallationDirectory.Batch batch = directory.list(after, 500);
            ListingGuard.Step step;
            try {
                step = guard.check(position, after, batch);
            } catch (dev.ferry.domain.error.FerryException loop) {
                listingProblem = loop.getMessage();
                break;
            }
            position = step.position();
            for (InstallationId id : step.installations()) {
                if (!seen.add(id)) {
                    continue; // listed on an earlier page too: counted once
                }
                InstallationState state = installation(id, now);
                states.add(state);
                rows += state.rowsCopied();
                differences += state.differences();
                if (state.verified()) {
                    verified++;
                }
                if (state.status() == null) {
                    unknown++;
                } else {
                    counts.merge(state.status(), 1, Integer::sum);
                }
            }
            after = batch.installations().isEmpty() ? null : batch.next();
        } while (after != null);
        int done = counts.getOrDefault(InstallationStatus.DONE, 0);
        boolean ready = !states.isEmpty() && done == states.size() && verified == states.size()
                && states.stream().noneMatch(StatusReport::backOnSource) && listingProblem == null;
        return new Fleet(states, counts, unknown, rows, verified, differences, ready,
                decommission(states, done, verified), now.toString(), listingProblem);
    }

    private static String decommission(List<InstallationState> states, int done, int verified) {
        if (states.isEmpty()) {
            return "not ready: the remote lists no installations";
        }
        long back = states.stream().filter(StatusReport::backOnSource).count();
        if (done == states.size() && verified == states.size() && back == 0) {
            return "ready: " + (states.size() == 1 ? "the only installation is" : "all " + states.size() + " installations are")
                    + " DONE and verified with 0 differences";
        }
        List<String> reasons = new ArrayList<>();
        if (done < states.size()) {
            reasons.add((states.size() - done) + " of " + states.size() + " installations not DONE");
        }
        long differing = states.stream().filter(s -> s.differences() > 0 && !repairedAll(s)).count();
        if (differing > 0) {
            reasons.add(differing + " with differences in their latest verification");
        }
        long repaired = states.stream().filter(s -> s.differences() > 0 && repairedAll(s)).count();
        if (repaired > 0) {
            reasons.add(repaired + " repaired, to verify again");
        }
        long unverified = states.stream().filter(s -> !s.verified() && s.differences() == 0).count();
        if (unverified > 0) {
            reasons.add(unverified + " not verified clean since the migration finished");
        }
        if (back > 0) {
            reasons.add(back + " rolled back to the source or syncing back to it");
        }
        return "not ready: " + String.join(", ", reasons);
    }

    /** Rolled back to the source after a cutover, or with a reverse sync under way: the source is in use again. */
    private static boolean backOnSource(InstallationState state) {
        SyncState sync = state.sync();
        return sync != null && sync.reverseRun() > 0
                && ("SOURCE".equals(sync.primary()) || !"DONE".equals(sync.reverseStatus()));
    }

    /** Whether the latest verifications repaired every difference they found. */
    private static boolean repairedAll(InstallationState state) {
        return state.dataTypes().stream().map(DataTypeState::verification).filter(Objects::nonNull)
                .allMatch(v -> v.repaired() >= v.differences());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Long seconds(Instant since, Instant now) {
        return since == null ? null : Math.max(0, Duration.between(since, now).toSeconds());
    }
}
