package dev.ferry.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the local run only ({@code ferry.local.*} or FERRY_LOCAL_* variables). */
@ConfigMapping(prefix = "ferry.local")
public interface LocalConfig {
    /** Pollers standing in for concurrent Lambda invocations of the worker. */
    @WithDefault("4")
    int concurrency();

    /** The simulated worker timeout (Lambda allows up to 900 s). */
    @WithDefault("60s")
    Duration invocationTimeout();

    /** How long a record reported as failed stays invisible before it is retried. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** The tracker's schedule in the local run (EventBridge's in the cloud). */
    @WithDefault("5s")
    Duration tickInterval();

    @WithDefault("2s")
    Duration progressInterval();

    /** Give up (exit 1) if the migration has not finished by then. */
    @WithDefault("30m")
    Duration timeout();

    /**
     * Load mode: migrate this many generated sample installations of varied sizes at once instead
     * of the default four (see {@link LoadDataSet}), and print the run's figures at the end.
     */
    Optional<Integer> installations();

    /**
     * Whether a run that migrates nothing (no installation listed, or no rows at all) may end with
     * success; by default it is an error, so a broken source or remote cannot pass for a migration.
     */
    @WithDefault("false")
    boolean allowEmpty();

    /**
     * With a real remote: start over. The destination databases Ferry created were dropped before Ferry
     * started; the run asks the remote to set each listed installation's status back to READY.
     */
    @WithDefault("false")
    boolean fresh();

    /** Load mode: the average rows per installation. */
    @WithDefault("1000")
    int rowsPerInstallation();
}
