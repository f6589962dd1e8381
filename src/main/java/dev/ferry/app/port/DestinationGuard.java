package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import java.util.Optional;

/**
 * Whether Ferry may write into an installation's destination database. Read-only: asking never
 * creates or marks anything.
 */
public interface DestinationGuard {
    /** Allows everything (tests and tools that do not check ownership). */
    DestinationGuard NONE = installation -> Optional.empty();

    /** Why Ferry will not write into the installation's database, or empty when it may. */
    Optional<String> refusal(InstallationId installation);
}
