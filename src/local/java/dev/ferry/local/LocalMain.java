package dev.ferry.local;

import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataSet;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Entry point of the local run ({@code ./mvnw -Plocal package}): starts the embedded engines and
 * the sample source app, points Ferry at them, runs {@link LocalRun}, and exits with its code.
 *
 * <p>Environment: {@code FERRY_MYSQL_URL} uses a running MySQL-compatible server instead of the
 * embedded MariaDB; {@code FERRY_REMOTE_BASE_URL} (with {@code FERRY_REMOTE_TOKEN_SECRET}) migrates
 * from a real remote instead of the sample; {@code FERRY_LOCAL_RESUME=true} keeps the previous run's
 * state and carries on from it instead of starting from nothing; {@code FERRY_LOCAL_INSTALLATIONS=100}
 * (with {@code FERRY_LOCAL_ROWS_PER_INSTALLATION}, 1,000 by default) selects the load mode: that many
 * generated installations of varied sizes (see {@link LoadDataSet}), in a source database of their own.
 * With a real remote a rerun carries on from the state in the destination databases (DONE installations
 * are left alone); {@code FERRY_LOCAL_FRESH=true} drops the destination databases Ferry created and asks
 * the remote to set every listed installation's status back to READY. {@code FERRY_LOCAL_REMOTE_OUTAGE=3s}
 * makes the bundled sample remote restart when first asked for the installations ({@link RemoteOutage}).
 */
public final class LocalMain {
    /** Chatty engines, quieted before Ferry's own logging configuration applies (kept referenced). */
    private static final List<Logger> QUIET = Stream.of("ch.vorburger", "org.elasticmq", "org.apache.pekko")
            .map(Logger::getLogger).toList();

    private LocalMain() {
    }

    public static void main(String[] args) {
        // Until Quarkus configures logging, JBoss LogManager would pass everything through, DEBUG and TRACE
        // included (certificate dumps, signing headers): nothing below INFO, and the chatty engines only WARN.
        Logger.getLogger("").setLevel(Level.INFO);
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        boolean useSample = blank(System.getenv("FERRY_REMOTE_BASE_URL")) && blank(System.getProperty("ferry.remote.base-url"));
        boolean resume = Boolean.parseBoolean(setting("FERRY_LOCAL_RESUME", "ferry.local.resume", "false"));
        String prefix = setting("FERRY_DESTINATION_DATABASE_PREFIX", "ferry.destination.database-prefix", "ferry_");
        String installations = setting("FERRY_LOCAL_INSTALLATIONS", "ferry.local.installations", "");
        LocalEnvironment environment;
        try {
            SampleDataSet dataSet = SampleDataSet.defaults();
            String sourceDatabase = LocalEnvironment.SOURCE_DATABASE;
            if (!installations.isBlank()) {
                dataSet = LoadDataSet.of(Integer.parseInt(installations.trim()), Integer.parseInt(setting(
                        "FERRY_LOCAL_ROWS_PER_INSTALLATION", "ferry.local.rows-per-installation",
                        Integer.toString(LoadDataSet.DEFAULT_ROWS_PER_INSTALLATION)).trim()));
                sourceDatabase = LocalEnvironment.LOAD_SOURCE_DATABASE;
            }
            if (!useSample) {
                RemoteProbe.requireReachable(setting("FERRY_REMOTE_BASE_URL", "ferry.remote.base-url", ""));
            }
            MySqlServer mysql = MySqlServer.resolve();
            if (!useSample && Boolean.parseBoolean(setting("FERRY_LOCAL_FRESH", "ferry.local.fresh", "false"))) {
                // your own remote: only on request, the destinations Ferry created (owner-marked) are dropped
                mysql.requireUsable();
                List<String> dropped = mysql.dropFerryOwnedDatabases(prefix);
                System.out.printf("Fresh start: dropped %d destination databases of Ferry's (%s)%n", dropped.size(),
                        String.join(", ", dropped));
                System.setProperty("ferry.local.fresh", "true");
            }
            environment = LocalEnvironment.start(mysql, sourceDatabase, dataSet, !resume, useSample, prefix);
            String outage = setting("FERRY_LOCAL_REMOTE_OUTAGE", "ferry.local.remote-outage", "");
            if (!outage.isBlank() && environment.remote().isPresent()) {
                Duration down = Duration.parse("PT" + outage.trim().toUpperCase(java.util.Locale.ROOT));
                RemoteOutage.atFirstListing(environment.remote().get(), down);
                System.out.printf("The sample remote restarts at the first listing: down for %d ms%n", down.toMillis());
            }
        } catch (RuntimeException e) {
            exit("cannot start: " + StartupFailure.describe(e), e, 2);
            return;
        }
        for (Map.Entry<String, String> p : environment.ferryProperties().entrySet()) {
            System.setProperty(p.getKey(), p.getValue());
        }
        Quarkus.run(LocalRun.class, (code, failure) -> {
            environment.close();
            if (failure != null) {
                exit("stopped: " + StartupFailure.describe(failure), failure, code == 0 ? 1 : code);
            }
            System.exit(code);
        }, args);
    }

    /**
     * Ends the run with one line on standard error saying why (the stack trace only with
     * {@code FERRY_LOCAL_DEBUG=true}) and a non-zero code, even if some engine left a thread running.
     */
    private static void exit(String line, Throwable failure, int code) {
        System.err.println("local run: " + line);
        if (Boolean.parseBoolean(setting("FERRY_LOCAL_DEBUG", "ferry.local.debug", "false"))) {
            failure.printStackTrace();
        }
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    private static String setting(String env, String property, String fallback) {
        String value = System.getenv(env);
        if (blank(value)) {
            value = System.getProperty(property);
        }
        return blank(value) ? fallback : value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
