package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.page.Cursor;
import java.util.Objects;

/** The messages that travel on the work queue. Every one is safe to deliver twice. */
public sealed interface WorkMessage {

    /** List one page of installations and send a {@link TrackInstallation} for each. */
    record ListInstallations(Cursor after) implements WorkMessage {
    }

    /** Run the state tracker (and job checker) for one installation. */
    record TrackInstallation(InstallationId installation) implements WorkMessage {
        public TrackInstallation {
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

    /** Start copying the installation's database back to its source (rollback), unless a reverse sync runs. */
    record ReverseSync(InstallationId installation) implements WorkMessage {
        public ReverseSync {
            Objects.requireNonNull(installation, "installation");
        }
    }
}
