package dev.ferry.local.verify;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.config.VerificationBeans;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlVerificationStore;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataSet;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local verification and status command.
 *
 * <pre>
 * verify [--repair] [installation …]   verify the named installations (every one the remote lists when none
 *                                      is named), print what differs, then the fleet status table
 * status                               print the fleet status table
 * </pre>
 *
 * <p>Runs against the local run's engines and state ({@link LocalEnvironment}, kept as it is: the
 * sample source is loaded only if it is missing) or, with {@code FERRY_REMOTE_BASE_URL} and
 * {@code FERRY_REMOTE_TOKEN_SECRET}, against a real remote. {@code FERRY_MYSQL_URL},
 * {@code FERRY_DESTINATION_DATABASE_PREFIX}, {@code FERRY_PLAN_LOCATION} and
 * {@code FERRY_VERIFY_CHECKSUM_ENDPOINT=false} apply as for the local run. Exit code: 0 when nothing
 * differs (or, with {@code --repair}, everything found was repaired), 1 otherwise, 2 for bad arguments.
 */
public final class VerifyMain {
    private VerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = !rest.isEmpty() && (rest.get(0).equals("verify") || rest.get(0).equals("status")) ? rest.remove(0) : "verify";
        boolean repair = rest.remove("--repair");
        if (rest.stream().anyMatch(a -> a.startsWith("-")) || (command.equals("status") && (repair || !rest.isEmpty()))) {
            out.println("usage: verify [--repair] [installation ...] | status");
            return 2;
        }
        boolean useSample = blank(setting("FERRY_REMOTE_BASE_URL", "ferry.remote.base-url", null));
        String prefix = setting("FERRY_DESTINATION_DATABASE_PREFIX", "ferry.destination.database-prefix", "ferry_");
        try (LocalEnvironment environment = LocalEnvironment.start(MySqlServer.resolve(), LocalEnvironment.SOURCE_DATABASE,
                SampleDataSet.defaults(), false, useSample, prefix)) {
            Tools tools = new Tools(environment, prefix);
            if (command.equals("status")) {
                out.print(StatusTable.render(tools.status.fleet()));
                return 0;
            }
            List<InstallationId> installations = rest.isEmpty() ? all(tools.remote.installations())
                    : rest.stream().map(InstallationId::of).toList();
            long mismatches = 0;
            long repaired = 0;
            for (InstallationId installation : installations) {
                VerifyInstallation.Result result = tools.verifier.verify(installation, repair);
                mismatches += result.mismatches();
                repaired += result.repaired();
                for (VerifyInstallation.TypeResult type : result.types()) {
                    out.printf("verified %-18s %-15s %-9s source %,8d  destination %,8d  missing %d  extra %d  different %d"
                                    + "%s%s%s%n", installation.value(), type.dataType(), type.method(), type.sourceRows(),
                            type.destinationRows(), type.missing(), type.extra(), type.different(),
                            repair ? "  repaired " + type.repaired() : "",
                            type.exampleKeys().isEmpty() ? "" : "  e.g. " + type.exampleKeys(),
                            type.error() == null ? "" : "  FAILED " + type.error());
                }
            }
            out.printf("verified %d installations: %d differences%s%n", installations.size(), mismatches,
                    repair ? ", " + repaired + " rows repaired" : "");
            out.println();
            out.print(StatusTable.render(tools.status.fleet()));
            return mismatches == 0 || (repair && repaired >= mismatches) ? 0 : 1;
        }
    }

    /** Ferry's adapters and use cases, wired by hand. */
    private static final class Tools {
        final RemoteEndpoints remote;
        final VerifyInstallation verifier;
        final StatusReport status;

        Tools(LocalEnvironment environment, String prefix) {
            Map<String, String> p = environment.ferryProperties();
            MySqlServer mysql = environment.mysql();
            MysqlDataSource dataSource = new MysqlDataSource();
            dataSource.setUrl(mysql.jdbcUrl(null));
            dataSource.setUser(mysql.username());
            dataSource.setPassword(mysql.password());
            MigrationPlan plan = PlanLoader.load(setting("FERRY_PLAN_LOCATION", "ferry.plan.location", "classpath:ferry-plan.yaml"));
            Clock clock = Clock.systemUTC();
            String baseUrl = p.getOrDefault("ferry.remote.base-url", setting("FERRY_REMOTE_BASE_URL", "ferry.remote.base-url", null));
            String secret = p.getOrDefault("ferry.remote.token.secret",
                    setting("FERRY_REMOTE_TOKEN_SECRET", "ferry.remote.token.secret", null));
            String audience = p.getOrDefault("ferry.remote.token.audience",
                    setting("FERRY_REMOTE_TOKEN_AUDIENCE", "ferry.remote.token.audience", RemoteSettings.DEFAULT_AUDIENCE));
            if (blank(baseUrl) || blank(secret)) {
                throw new IllegalStateException("set FERRY_REMOTE_BASE_URL and FERRY_REMOTE_TOKEN_SECRET, or use the sample");
            }
            remote = new RemoteEndpoints(RemoteSettings.defaults(URI.create(baseUrl)).withAudience(audience),
                    new HmacTokenSigner(secret.getBytes(StandardCharsets.UTF_8), "ferry", audience, Duration.ofSeconds(60), clock));
            InstallationDatabases databases = new InstallationDatabases(dataSource, prefix);
            VerifySettings settings = VerifySettings.defaults().withChecksumEndpoint(
                    !"false".equalsIgnoreCase(setting("FERRY_VERIFY_CHECKSUM_ENDPOINT", "ferry.verify.checksum-endpoint", "true")));
            verifier = new VerifyInstallation(plan, VerificationBeans.verifier(remote, dataSource, databases,
                    new MySqlRowSink(dataSource, databases), clock, settings), clock);
            status = new StatusReport(plan, new MySqlJobStore(dataSource, databases), remote.installations(),
                    new MySqlVerificationStore(dataSource, databases), clock);
        }
    }

    private static List<InstallationId> all(InstallationDirectory directory) {
        List<InstallationId> all = new ArrayList<>();
        Cursor after = null;
        do {
            InstallationDirectory.Batch batch = directory.list(after, 500);
            all.addAll(batch.installations());
            after = batch.installations().isEmpty() ? null : batch.next();
        } while (after != null);
        return all;
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
