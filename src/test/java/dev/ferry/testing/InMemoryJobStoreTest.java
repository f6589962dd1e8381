package dev.ferry.testing;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.job.InstallationId;

/** The in-memory fake keeps the same contract as the MySQL job store. */
class InMemoryJobStoreTest extends JobStoreContract {
    private int next;

    @Override
    protected JobStore createStore() {
        return new InMemoryJobStore();
    }

    @Override
    protected InstallationId freshInstallation() {
        return InstallationId.of("mem" + next++);
    }
}
