package dev.ferry.adapter.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlPacer;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.adapter.remote.RetrySettings;
import dev.ferry.adapter.sqs.SqsWorkQueue;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.CheckJobs;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.FailurePolicy;
import dev.ferry.app.FerryCore;
import dev.ferry.app.verify.RunVerification;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.app.FanOutInstallations;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.RunTransferJob;
import dev.ferry.app.Tick;
import dev.ferry.app.TrackInstallation;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.write.InsertLimits;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/** CDI wiring: typed configuration in, the core's use cases out, adapters in between. */
public class FerryBeans {
    private static final Logger LOG = Logger.getLogger(FerryBeans.class);

    @Produces
    @Singleton
    MigrationPlan plan(FerryConfig config) {
        return PlanLoader.load(config.plan().location());
    }

    /**
     * Loads the plan when the function starts rather than on the first message, so an invalid plan
     * (INVALID_PLAN) fails start-up, where it is seen at once, instead of every delivery.
     */
    void loadPlanAtStartup(@Observes StartupEvent event, MigrationPlan plan, FerryConfig config) {
        requireSecureRemote(config.remote());
        LOG.infof("plan %s: %d data types, %s", plan.name(), plan.dataTypes().size(), plan.mode());
    }

    /** An http:// remote is refused at start-up unless explicitly allowed (tokens would travel in clear text). */
    static void requireSecureRemote(FerryConfig.Remote remote) {
        String scheme = remote.baseUrl().getScheme() == null ? "" : remote.baseUrl().getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && remote.allowInsecureHttp())) {
            return;
        }
        throw new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.INVALID_PLAN,
                "ferry.remote.base-url must be https:// (installation tokens would otherwise cross the network in clear "
                        + "text); set ferry.remote.allow-insecure-http=true only for a remote on a trusted network");
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    InstallationDatabases installationDatabases(DataSource dataSource, FerryConfig config) {
        FerryConfig.Destination d = config.destination();
        return new InstallationDatabases(dataSource, d.databasePrefix(), d.reservedDatabases().orElse(java.util.Set.of()),
                d.adopt().orElse(java.util.Set.of()));
    }

    @Produces
    @Singleton
    JobStore jobStore(DataSource dataSource, InstallationDatabases databases) {
        return new MySqlJobStore(dataSource, databases);
    }

    @Produces
    @Singleton
    RowSink rowSink(DataSource dataSource, InstallationDatabases databases, FerryConfig config, JobStore store,
                    Clock clock) {
        FerryConfig.Destination d = config.destination();
        FerryConfig.Pacing p = config.pacing();
        MySqlPacer.Settings pacing = new MySqlPacer.Settings(p.statementsPerSecond(), p.querySecondsPerMinute(), p.maxWait());
        // the buckets live in the state table, which the MySQL job store owns
        MySqlPacer pacer = pacing.on() ? new MySqlPacer((MySqlJobStore) store, pacing, clock) : MySqlPacer.OFF;
        return new MySqlRowSink(dataSource, databases,
                new InsertLimits(d.maxRowsPerStatement(), d.maxRequestBytes(), d.maxPlaceholders(), d.duplicates()),
                dev.ferry.domain.fault.Failpoints.NONE, pacer);
    }

    @Produces
    @Singleton
    SchemaMigrator schemaMigrator(DataSource dataSource, InstallationDatabases databases, Clock clock) {
        return new MySqlSchemaMigrator(dataSource, databases, clock);
    }

    @Produces
    @Singleton
    JdbcDestinationReader destinationReader(DataSource dataSource, FerryConfig config) {
        return new JdbcDestinationReader(dataSource, config.destination().databasePrefix());
    }

    /** The remote: its endpoints, each implementing its port (RemoteSource, RemoteStatus, InstallationDirectory…). */
    @Produces
    @Singleton
    RemoteEndpoints remote(FerryConfig config, Clock clock, dev.ferry.adapter.secrets.SecretSettings secrets) {
        FerryConfig.Remote r = config.remote();
        RemoteSettings settings = RemoteSettings.defaults(r.baseUrl())
                .withAudience(r.token().audience())
                .withConnectTimeout(r.connectTimeout())
                .withRequestTimeout(r.requestTimeout())
                .withMaxBodyBytes(r.maxBodyBytes())
                .withRetry(RetrySettings.defaults().withMaxAttempts(r.maxAttempts())
                        .withBackoff(r.backoffBase(), r.backoffCap()));
        return new RemoteEndpoints(settings, TokenSigners.from(r.token(), config.secrets(), secrets, clock));
    }

    @Produces
    @Singleton
    WorkMessageCodec codec(ObjectMapper json) {
        return new WorkMessageCodec(json);
    }

    @Produces
    @Singleton
    WorkQueue workQueue(SqsClient sqs, FerryConfig config, WorkMessageCodec codec) {
        return new SqsWorkQueue(sqs, config.queue().url(), config.queue().operatorUrl().filter(u -> !u.isBlank()).orElse(null),
                codec);
    }

    /** The core, assembled once from its ports (the same assembly the local tools and tests use). */
    @Produces
    @Singleton
    FerryCore core(MigrationPlan plan, JobStore store, RemoteEndpoints remote, RowSink sink, SchemaMigrator schema,
                   WorkQueue queue, Clock clock, FerryConfig config, DataSource dataSource, InstallationDatabases databases,
                   VerifyDataType verifier) {
        FerryCore.Ports ports = new FerryCore.Ports(store, remote.pages(), remote.status(), remote.installations(),
                remote.changes(), remote.writer(),
                dev.ferry.adapter.mysql.MySqlKeyRanges.strict(dataSource, databases), sink, schema, queue, verifier, clock,
                Failpoints.NONE);
        return FerryCore.assemble(plan, ports, settings(config));
    }

    /** The core's settings from configuration. */
    public static FerryCore.Settings settings(FerryConfig config) {
        FerryConfig.Worker w = config.worker();
        FerryConfig.Destination d = config.destination();
        return new FerryCore.Settings(
                new WorkerSettings(w.safetyMargin().toMillis(), w.initialPageEstimate().toMillis(), w.leaseSlack().toMillis(),
                        failurePolicy(config), w.pageBytes().orElse(d.maxRequestBytes()), d.maxPlaceholders(), w.maxPageSize(),
                        w.readAhead(), w.timeSlice().toMillis(), w.writers()),
                new CheckerSettings(config.checker().redispatchAfter(), failurePolicy(config)),
                config.tracker().installationsPageSize());
    }

    @Produces
    @Singleton
    CheckJobs checkJobs(FerryCore core) {
        return core.checker();
    }

    @Produces
    @Singleton
    TrackInstallation trackInstallation(FerryCore core) {
        return core.tracker();
    }

    @Produces
    @Singleton
    RunTransferJob runTransferJob(FerryCore core) {
        return core.transfer();
    }

    @Produces
    @Singleton
    RunVerification runVerification(FerryCore core) {
        return core.verification();
    }

    @Produces
    @Singleton
    HandleWorkMessage handleWorkMessage(FerryCore core) {
        return core.handler();
    }

    static FailurePolicy failurePolicy(FerryConfig config) {
        FerryConfig.Checker c = config.checker();
        return new FailurePolicy(c.backoffBase(), c.backoffCap(), c.giveUpAfter());
    }

    @Produces
    @Singleton
    Tick tick(WorkQueue queue) {
        // Only the queue: the tracker function starts no core, so it needs neither the database nor the
        // remote's signing key (and its deployment is given neither).
        return new Tick(queue);
    }

    // StatusReport and VerifyInstallation are produced by VerificationBeans.
}
