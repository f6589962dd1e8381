package dev.ferry.cli.contract;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.JwtTokenSigner;
import dev.ferry.adapter.remote.RsaPrivateKeys;
import dev.ferry.adapter.remote.RsaTokenSigner;
import dev.ferry.adapter.remote.TokenSigner;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check-remote URL --installation ID}: checks a live remote against Ferry's remote contract and prints
 * a table of named checks (PASS, FAIL, SKIP, with reasons). Exit code 0 when nothing failed, 1 otherwise
 * (2 for a usage error).
 */
@Command(name = "check-remote", mixinStandardHelpOptions = true,
        description = "Checks a remote against Ferry's remote contract (docs/remote-contract.openapi.yaml): tokens, "
                + "migration status, the installations listing, data pages with their cursors, limits and end "
                + "signals, and the optional endpoints. Read-only unless --status-transitions or "
                + "--probe-write-endpoint is given.")
public final class CheckRemoteCommand implements Callable<Integer> {
    /** The environment variable the HS256 secret is read from when --token-secret is not given. */
    public static final String SECRET_ENV = "FERRY_REMOTE_TOKEN_SECRET";

    @Parameters(index = "0", paramLabel = "URL", description = "The remote's base URL, e.g. https://remote.example.com")
    URI url;

    @Option(names = "--installation", required = true, description = "An installation the remote knows (its data is read).")
    String installation;

    @Option(names = "--token-secret", description = "HS256 secret shared with the remote (default: env " + SECRET_ENV + ").")
    String tokenSecret;

    @Option(names = "--token-private-key", paramLabel = "PEM_FILE",
            description = "Sign RS256 with this PKCS#8 private key instead of HS256 (needs --token-key-id).")
    Path privateKey;

    @Option(names = "--token-key-id", description = "The kid of the RS256 key.")
    String keyId;

    @Option(names = "--audience", defaultValue = "ferry-remote", description = "The token's aud (default: ${DEFAULT-VALUE}).")
    String audience;

    @Option(names = "--plan", paramLabel = "PLAN",
            description = "A migration plan (a file, or classpath:NAME): its data types are checked (unless --data-type "
                    + "is given) and their headers against its columns.")
    String plan;

    @Option(names = "--data-type", paramLabel = "REMOTE_PATH",
            description = "A data type to page through (its remote path); repeatable. None, and no --plan: page checks are skipped.")
    List<String> dataTypes = new ArrayList<>();

    @Option(names = "--page-limit", defaultValue = "100", description = "The walk's limit (default: ${DEFAULT-VALUE}).")
    int pageLimit;

    @Option(names = "--max-pages", defaultValue = "1000",
            description = "Pages after which a walk without an end signal fails (default: ${DEFAULT-VALUE}).")
    int maxPages;

    @Option(names = "--timeout-seconds", defaultValue = "30", description = "Per request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--status-transitions",
            description = "Also PUT IN_PROGRESS then DONE and read each back (changes the installation's status; the "
                    + "original is put back afterwards).")
    boolean statusTransitions;

    @Option(names = "--probe-write-endpoint",
            description = "Also PUT a body that is not JSON to each data type's /rows, expecting 400 (or 404/501).")
    boolean probeWriteEndpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final java.util.function.Function<String, String> environment;

    public CheckRemoteCommand() {
        this(System::getenv);
    }

    /** With another environment (tests). */
    public CheckRemoteCommand(java.util.function.Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RemoteContractCheck.Options options;
        try {
            java.util.Map<String, List<String>> columns = new java.util.LinkedHashMap<>();
            if (plan != null) {
                for (dev.ferry.domain.plan.DataType dataType : PlanLoader.load(plan).dataTypes()) {
                    columns.put(dataType.remotePath(), dataType.columnNames());
                }
            }
            List<String> types = !dataTypes.isEmpty() ? dataTypes : List.copyOf(columns.keySet());
            options = new RemoteContractCheck.Options(types, pageLimit, maxPages, Duration.ofSeconds(timeoutSeconds),
                    statusTransitions, probeWriteEndpoint, columns);
            dev.ferry.domain.job.InstallationId.of(installation);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ContractReport report = new RemoteContractCheck(url, installation, signer(), options, ContractDocument.bundled())
                .run();
        out.print(report.table());
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private TokenSigner signer() throws Exception {
        if (privateKey != null) {
            if (keyId == null || keyId.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--token-private-key needs --token-key-id");
            }
            String pem = Files.readString(privateKey, StandardCharsets.UTF_8);
            return new RsaTokenSigner(RsaPrivateKeys.fromPem(pem), keyId, JwtTokenSigner.DEFAULT_ISSUER, audience,
                    JwtTokenSigner.DEFAULT_TTL, Clock.systemUTC());
        }
        String secret = tokenSecret != null ? tokenSecret : environment.apply(SECRET_ENV);
        if (secret == null || secret.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no token secret: give --token-secret or set " + SECRET_ENV + " (or --token-private-key)");
        }
        try {
            return new HmacTokenSigner(secret.getBytes(StandardCharsets.UTF_8), audience);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckRemoteCommand()).execute(args));
    }
}
