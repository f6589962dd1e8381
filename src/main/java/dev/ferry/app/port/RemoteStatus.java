package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.InstallationId;
import java.util.Optional;

/** The remote's migration-status endpoint: {@code GET/PUT {base}/migration-status}, per installation token. */
public interface RemoteStatus {
    /** The status the remote reports, or empty when it reports one Ferry does not know. */
    Optional<InstallationStatus> migrationStatus(InstallationId installation);

    /** Tells the remote the installation's status. Idempotent: reporting the same status twice is harmless. */
    void reportMigrationStatus(InstallationId installation, InstallationStatus status);
}
