package dev.ferry.testing;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.Lease;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the {@link JobStore} contract's tests share: the store and a fresh installation for each test, the
 * `items` job and its helpers. The contract itself is {@link JobStoreContract}, which a store's test extends.
 */
public abstract class JobStoreContractBase {
    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(5);
    protected static final SecureRandom RANDOM = new SecureRandom();

    protected static final JobId ITEMS = JobId.first("items");
    protected static final JobError RATE_LIMITED = new JobError(ErrorCode.REMOTE_RATE_LIMITED, "remote asked to slow down");
    protected static final JobError REJECTED = new JobError(ErrorCode.SINK_REJECTED, "table `items` rejected the rows");

    protected JobStore store;
    protected InstallationId installation;

    /** The store under test. */
    protected abstract JobStore createStore();

    /** A new installation the store can record into straight away: no tracking row, no jobs. */
    protected abstract InstallationId freshInstallation();

    /** An installation the store has never been prepared for (for a database-backed store: no database). */
    protected InstallationId unknownInstallation() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return InstallationId.of("absent" + HexFormat.of().formatHex(bytes));
    }

    @BeforeEach
    void prepareStoreAndInstallation() {
        store = createStore();
        installation = freshInstallation();
    }


    // ---- helpers --------------------------------------------------------------------------------

    protected static Job pending(JobId id) {
        return Job.pending(id, id.chain().name(), null, 0, 0, 0, T0);
    }

    protected static Lease lease(String owner, Instant from) {
        return new Lease(owner, from.plus(LEASE));
    }

    /** Records the `items` job and lets {@code owner} claim it at {@code at} with a lease of {@link #LEASE}. */
    protected Job claimedBy(String owner, Instant at) {
        store.insertJob(installation, pending(ITEMS));
        return store.claim(installation, ITEMS, lease(owner, at), at).orElseThrow();
    }

    protected Job stored() {
        return store.job(installation, ITEMS).orElseThrow();
    }
}
