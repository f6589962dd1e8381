package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.verify.VerificationRecord;
import java.util.List;
import java.util.Optional;

/**
 * Verification results in the installation's state store, one record per run and data type. Every
 * change is one statement; updates are compare-and-set on the chunks compared so far, so a
 * duplicate delivery of the same verification step cannot count twice.
 */
public interface VerificationStore {
    /** Keeps nothing: for comparisons whose results are only printed. */
    VerificationStore NONE = new VerificationStore() {
        @Override
        public Optional<VerificationRecord> find(InstallationId installation, String runId, String dataType) {
            return Optional.empty();
        }

        @Override
        public boolean insert(InstallationId installation, VerificationRecord record) {
            return true;
        }

        @Override
        public boolean update(InstallationId installation, VerificationRecord record, long expectedChunks) {
            return true;
        }

        @Override
        public List<VerificationRecord> latest(InstallationId installation) {
            return List.of();
        }
    };

    Optional<VerificationRecord> find(InstallationId installation, String runId, String dataType);

    /** Records a new run of a data type unless one exists. Returns whether it inserted. */
    boolean insert(InstallationId installation, VerificationRecord record);

    /** Replaces the record if it still has {@code expectedChunks} chunks compared. Returns whether it applied. */
    boolean update(InstallationId installation, VerificationRecord record, long expectedChunks);

    /** The most recently started record of each data type; empty when the installation has none. */
    List<VerificationRecord> latest(InstallationId installation);
}
