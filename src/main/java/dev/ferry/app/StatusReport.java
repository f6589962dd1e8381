package dev.ferry.app;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.JobStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads the state of installations: their tracking status and, per chain, the live job's progress. */
public final class StatusReport {
    private final MigrationPlan plan;
    private final JobStore store;
    private final InstallationDirectory directory;

    public StatusReport(MigrationPlan plan, JobStore store, InstallationDirectory directory) {
        this.plan = plan;
        this.store = store;
        this.directory = directory;
    }

    /** One chain's live job; {@code job} is its position in the chain (continuations and restarts so far). */
    public record ChainState(String chain, String dataType, int job, JobStatus status, long rowsCopied, long pages,
                             int attempts, String lastError) {
    }

    /** One installation. {@code status} is null when Ferry has not seen it yet. */
    public record InstallationState(String installation, InstallationStatus status, long rowsCopied,
                                    List<ChainState> chains) {
        public boolean failing() {
            return chains.stream().anyMatch(c -> c.status() == JobStatus.FAILED);
        }
    }

    /** The whole fleet, with counts by status. */
    public record Fleet(List<InstallationState> installations, Map<InstallationStatus, Integer> counts, int unknown,
                        long rowsCopied) {
        public boolean allDone() {
            return unknown == 0 && counts.getOrDefault(InstallationStatus.DONE, 0) == installations.size();
        }
    }

    public InstallationState installation(InstallationId installation) {
        InstallationStatus status = store.trackingStatus(installation).orElse(null);
        List<ChainState> chains = new ArrayList<>();
        long rows = 0;
        if (status != null) {
            Map<String, Job> latest = new java.util.LinkedHashMap<>();
            Map<String, Job> byChain = JobLatest.byChain(store.jobs(installation));
            // The plan's chains in plan order, then any chain the plan no longer names (so its failure still shows).
            Chains.of(plan).keySet().forEach(chain -> latest.put(chain, byChain.get(chain)));
            new java.util.TreeMap<>(byChain).forEach(latest::putIfAbsent);
            for (Map.Entry<String, Job> entry : latest.entrySet()) {
                Job job = entry.getValue();
                if (job != null) {
                    chains.add(new ChainState(entry.getKey(), job.dataType(), job.id().seq(), job.status(), job.rowsCopied(),
                            job.pages(), job.attempts(), job.lastError() == null ? null : job.lastError().describe()));
                    rows += job.rowsCopied();
                }
            }
        }
        return new InstallationState(installation.value(), status, rows, chains);
    }

    /** Every installation the directory lists. */
    public Fleet fleet() {
        List<InstallationState> states = new ArrayList<>();
        Map<InstallationStatus, Integer> counts = new EnumMap<>(InstallationStatus.class);
        int unknown = 0;
        long rows = 0;
        dev.ferry.domain.page.Cursor after = null;
        do {
            InstallationDirectory.Batch batch = directory.list(after, 500);
            for (InstallationId id : batch.installations()) {
                InstallationState state = installation(id);
                states.add(state);
                rows += state.rowsCopied();
                if (state.status() == null) {
                    unknown++;
                } else {
                    counts.merge(state.status(), 1, Integer::sum);
                }
            }
            after = batch.installations().isEmpty() ? null : batch.next();
        } while (after != null);
        return new Fleet(states, counts, unknown, rows);
    }
}
