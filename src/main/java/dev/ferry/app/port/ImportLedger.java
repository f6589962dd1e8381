package dev.ferry.app.port;

import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.job.InstallationId;
import java.time.Instant;
import java.util.Set;

/** Which Event Files an installation has imported, by file id, so later movements can skip them. */
public interface ImportLedger {
    Set<String> imported(InstallationId installation, String streamId);

    /** Records a file as imported; called only after all of its records are written. Idempotent. */
    void record(InstallationId installation, String streamId, FileListEntry entry, Instant now);

    /** Forgets every file of the stream (the next import starts from scratch). */
    void forget(InstallationId installation, String streamId);
}
