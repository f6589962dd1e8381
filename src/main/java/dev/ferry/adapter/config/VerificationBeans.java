package dev.ferry.adapter.config;

import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.blocks.MySqlRowDeleter;
import dev.ferry.adapter.mysql.MySqlKeyRanges;
import dev.ferry.adapter.mysql.MySqlVerificationStore;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.app.verify.RemoteChunkSource;
import dev.ferry.app.verify.RunVerification;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.plan.MigrationPlan;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * CDI wiring of verification and the status report. The static methods build the same objects
 * without CDI, for local tools.
 */
public class VerificationBeans {

    /** Verification settings from configuration. */
    public static VerifySettings settings(VerifyConfig verify, FerryConfig.Worker worker) {
        return new VerifySettings(verify.chunkRows(), verify.chunksPerRequest(), verify.splitParts(), verify.leafRows(),
                verify.chunkBytes(), verify.destinationBatchRows(), verify.sampleKeys(), verify.checksumEndpoint(),
                worker.safetyMargin().toMillis(), worker.initialPageEstimate().toMillis());
    }

    /**
     * Verification against the remote (checksum endpoint, else pages) and the installation database
     * (read by key range, repaired through {@code sink} and deletes by key), results in the state store.
     */
    public static VerifyDataType verifier(RemoteEndpoints remote, DataSource dataSource, InstallationDatabases databases,
                                          RowSink sink, Clock clock, VerifySettings settings) {
        return new VerifyDataType(new RemoteChunkSource(remote.pages(), remote.checksums(), settings),
                new MySqlKeyRanges(dataSource, databases), sink, new MySqlRowDeleter(dataSource, databases),
                new MySqlVerificationStore(dataSource, databases), clock, settings);
    }

    @Produces
    @Singleton
    VerificationStore verificationStore(DataSource dataSource, InstallationDatabases databases) {
        return new MySqlVerificationStore(dataSource, databases);
    }

    @Produces
    @Singleton
    VerifyDataType verifyDataType(RemoteEndpoints remote, DataSource dataSource, InstallationDatabases databases,
                                  RowSink sink, Clock clock, VerifyConfig verify, FerryConfig config) {
        return verifier(remote, dataSource, databases, sink, clock, settings(verify, config.worker()));
    }

    @Produces
    @Singleton
    VerifyInstallation verifyInstallation(MigrationPlan plan, VerifyDataType verifier, Clock clock) {
        return new VerifyInstallation(plan, verifier, clock);
    }

    @Produces
    @Singleton
    StatusReport statusReport(MigrationPlan plan, JobStore store, RemoteEndpoints remote, VerificationStore verifications,
                              Clock clock, dev.ferry.adapter.mysql.InstallationDatabases databases) {
        return new StatusReport(plan, store, remote.installations(), verifications, clock, databases);
    }
}
