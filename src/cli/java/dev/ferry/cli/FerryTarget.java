package dev.ferry.cli;

import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;

/** What the commands need of a deployment: its status, and its work queue. */
interface FerryTarget extends AutoCloseable {
    /** Whether {@link #installation} and {@link #fleet} can answer (AWS: only with a status function). */
    boolean readsStatus();

    StatusReport.InstallationState installation(InstallationId installation);

    StatusReport.Fleet fleet();

    /** The status as the status function returns it: JSON of {@link #installation} or {@link #fleet}. */
    String statusJson(InstallationId installationOrNull);

    OperatorQueue queue();

    @Override
    void close();
}
