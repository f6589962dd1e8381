package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.page.Cursor;
import java.util.Objects;

/** The messages that travel on the work queue. Every one is safe to deliver twice. */
public sealed interface WorkMessage {

    /**
     * List one page of installations and send a {@link Track} for each.
     *
     * @param after the listing's cursor (null: the first page)
     * @param page  pages of this listing already read (0 for the first step)
     * @param mark  the listing's loop checkpoint (null before the first page)
     */
    record ListInstallations(Cursor after, long page, dev.ferry.domain.job.LoopMark mark) implements WorkMessage {
        /** The first step of a listing, or one that carries no position (an older message). */
        public ListInstallations(Cursor after) {
            this(after, 0, null);
        }
    }

    /**
     * Run the state tracker (and job checker) for one installation ({@link dev.ferry.app.TrackInstallation});
     * on the queue {@code {"type":"track",…}}.
     */
    record Track(InstallationId installation) implements WorkMessage {
        public Track {
            Objects.requireNonNull(installation, "installation");
        }
    }

    /**
     * Work on one job. The job row is the source of truth for the cursor; {@code dataType} and
     * {@code cursor} are carried for logs and diagnostics only.
     */
    record TransferJob(InstallationId installation, JobId job, String dataType, Cursor cursor) implements WorkMessage {
        public TransferJob {
            Objects.requireNonNull(installation, "installation");
            Objects.requireNonNull(job, "job");
        }
    }

    /**
     * Verify an installation against its source, one data type per step: {@code runId} and
     * {@code dataType} null start a new run at the plan's first data type; each step sends the next.
     */
    record Verify(InstallationId installation, String runId, String dataType, boolean repair) implements WorkMessage {
        public Verify {
            Objects.requireNonNull(installation, "installation");
        }
    }

    /** Record that {@code primary} is now the installation's primary database (see {@link dev.ferry.app.Cutover}). */
    record SwitchPrimary(InstallationId installation, dev.ferry.domain.job.Primary primary) implements WorkMessage {
        public SwitchPrimary {
            Objects.requireNonNull(installation, "installation");
            Objects.requireNonNull(primary, "primary");
        }
    }

    /**
     * An operator's retry: restart every FAILED chain of the installation's current pass (or reverse run)
     * from its last cursor, its failure count reset (see {@link dev.ferry.app.CheckJobs#retryFailed}).
     */
    record RetryFailed(InstallationId installation) implements WorkMessage {
        public RetryFailed {
            Objects.requireNonNull(installation, "installation");
        }
    }

    /**
     * An operator's pause ({@code paused}) or resume of the installation's migration (see
     * {@link dev.ferry.app.CheckJobs#pause} and {@link dev.ferry.app.CheckJobs#resume}); on the queue
     * {@code {"type":"pause",…}} or {@code {"type":"resume",…}}.
     */
    record Pause(InstallationId installation, boolean paused) implements WorkMessage {
        public Pause {
            Objects.requireNonNull(installation, "installation");
        }
    }

    /** Start copying the installation's database back to its source (rollback), unless a reverse sync runs. */
    record ReverseSync(InstallationId installation) implements WorkMessage {
        public ReverseSync {
            Objects.requireNonNull(installation, "installation");
        }
    }
}
