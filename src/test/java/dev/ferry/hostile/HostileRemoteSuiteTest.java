package dev.ferry.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.hostile.HostileCase.Expected;
import dev.ferry.testing.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Ferry against a remote it did not write: every named misbehaviour of {@link HostileRemote}, one
 * installation each, migrated side by side through the worker function, SQS and MariaDB; then three
 * fleets whose installations listing misbehaves. Each behaviour must end recovered (DONE, equal to the
 * source by content hash) or visibly FAILED (a chain FAILED with the expected code and reason, nothing
 * of the refused page in the destination), or refused (a database Ferry does not own, left untouched),
 * within a bounded time. Prints
 * {@code hostile: <B> behaviours, <R> recovered, <F> failed visibly, <S> stalled, <H> half-written, <O> overwritten}
 * (also in {@code target/hostile/summary.txt}, with each behaviour's outcome).
 */
@IntegrationTest
class HostileRemoteSuiteTest {
    private static final Duration FLEET_BOUND = Duration.ofSeconds(150);
    private static final Duration LISTING_BOUND = Duration.ofSeconds(60);
    private static HostileWorld world;
    private static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    /** What one behaviour came to. */
    record Verdict(String behaviour, String installation, Expected expected, boolean ok, boolean stalled,
                   boolean halfWritten, boolean overwritten, String detail) {
    }

    @BeforeAll
    static void migrateAgainstEveryMisbehaviour() throws Exception {
        world = new HostileWorld();
        List<HostileCase> cases = new ArrayList<>(HostileCases.fleet());
        cases.add(HostileCases.reserved(world));
        try (HostileRun run = new HostileRun(world, "fleet", 500)) {
            cases.forEach(run::prepare);
            HostileRun.Ended ended = run.run(cases.stream().map(HostileCase::installation).toList(), FLEET_BOUND);
            for (HostileCase c : cases) {
                VERDICTS.put(c.name(), judge(c, ended.installations().get(c.installation())));
            }
        }
        listingRun("an installations listing whose cursor cycles", "list-cycle", Kind.LISTING_CYCLE, true);
        listingRun("an installations listing that lists everyone twice", "list-dups", Kind.LISTING_DUPLICATES, false);
        listingRun("an endless installations listing", "list-endless", Kind.LISTING_ENDLESS, true);
        report();
    }

    @AfterAll
    static void dropEverything() {
        if (world != null) {
            world.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBehaviour_endsRecoveredOrVisiblyFailed_neverStalledHalfWrittenOrOverwritten() {
        return VERDICTS.values().stream().map(v -> DynamicTest.dynamicTest(v.behaviour(), () -> {
            assertThat(v.stalled()).as(v.behaviour() + ": stalled — " + v.detail()).isFalse();
            assertThat(v.halfWritten()).as(v.behaviour() + ": half-written — " + v.detail()).isFalse();
            assertThat(v.overwritten()).as(v.behaviour() + ": overwritten — " + v.detail()).isFalse();
            assertThat(v.ok()).as(v.behaviour() + " (expected " + v.expected() + "): " + v.detail()).isTrue();
        }));
    }

    // ---- judging --------------------------------------------------------------------------------

    private static Verdict judge(HostileCase c, HostileRun.Seen seen) {
        StatusReport.InstallationState state = seen.state();
        boolean done = state.status() == InstallationStatus.DONE;
        List<StatusReport.ChainState> failed = state.chains().stream().filter(ch -> ch.status() == JobStatus.FAILED).toList();
        boolean stalled = !done && !state.failing();
        String detail = describe(state, seen.mismatches());
        return switch (c.expected()) {
            case RECOVERED -> new Verdict(c.name(), c.installation(), c.expected(), done && seen.mismatches() == 0,
                    stalled, false, false, detail);
            case FAILED_VISIBLY -> {
                boolean visible = failed.stream().anyMatch(ch -> ch.lastError() != null
                        && ch.lastError().startsWith(c.code().name() + ": ") && ch.lastError().length() > c.code().name().length() + 10);
                yield new Verdict(c.name(), c.installation(), c.expected(), visible && !done, stalled,
                        refusedRowsWritten(c), false, detail);
            }
            case REFUSED -> {
                boolean untouched = untouched(c);
                yield new Verdict(c.name(), c.installation(), c.expected(), state.refusal() != null && untouched,
                        stalled, false, !untouched, detail);
            }
        };
    }

    private static void listingRun(String behaviour, String run, Kind kind, boolean loops) throws Exception {
        List<String> installations = HostileCases.listingInstallations(run);
        try (HostileRun listing = new HostileRun(world, run, 2)) {
            for (String id : installations) {
                listing.prepare(new HostileCase(behaviour, id, Expected.RECOVERED, null, HostileCase.Refused.NONE,
                        (w, r, i, rows) -> { }));
            }
            listing.hostile.misbehave(Misbehaviour.of(kind));
            List<String> awaited = loops ? installations.subList(0, 2) : installations;
            HostileRun.Ended ended = listing.run(installations, awaited, LISTING_BOUND);
            boolean listedDone = awaited.stream().allMatch(id -> ended.installations().get(id).state().status()
                    == InstallationStatus.DONE && ended.installations().get(id).mismatches() == 0);
            boolean eachOnce = ended.listed().size() == ended.listed().stream().distinct().count();
            boolean stalled = !ended.settled();
            String detail = "listing problem: " + ended.listingProblem() + "; listed " + ended.listed() + "; "
                    + awaited.stream().map(id -> id + " " + describe(ended.installations().get(id).state(),
                    ended.installations().get(id).mismatches())).collect(Collectors.joining("; "));
            boolean ok = loops ? listedDone && eachOnce && ended.listingProblem() != null
                    : listedDone && eachOnce && ended.listed().containsAll(installations) && ended.listingProblem() == null;
            VERDICTS.put(behaviour, new Verdict(behaviour, run, loops ? Expected.FAILED_VISIBLY : Expected.RECOVERED, ok,
                    stalled, false, false, detail));
        }
    }

    /** Whether any row of the page Ferry had to refuse reached the destination. */
    private static boolean refusedRowsWritten(HostileCase c) {
        if (c.refused().dataType() == null) {
            return false;
        }
        String keys = c.refused().keys().stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            return !world.column("SELECT id FROM `" + world.prefix + c.installation() + "`.`" + c.refused().dataType()
                    + "` WHERE id IN (" + keys + ")").isEmpty();
        } catch (IllegalStateException noTable) {
            return false; // no table: nothing written
        }
    }

    /** Whether a refused installation's database is as it was: the victim's tables and row, or nothing at all. */
    private static boolean untouched(HostileCase c) {
        String db = world.prefix + c.installation();
        List<String> tables = world.column("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + db + "' ORDER BY TABLE_NAME");
        if (c.installation().equals(world.reservedInstallation)) {
            return tables.isEmpty() && world.column("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                    + db + "'").isEmpty();
        }
        return tables.equals(List.of("projects", "their_table"))
                && world.column("SELECT CONCAT(id, '=', name) FROM `" + db + "`.projects").equals(List.of("1=theirs"));
    }

    private static String describe(StatusReport.InstallationState state, long mismatches) {
        String chains = state.chains().stream().map(ch -> ch.dataType() + " " + ch.status()
                + (ch.waiting() ? " waiting until " + ch.nextAttemptAt() : "")
                + (ch.lastError() == null ? "" : " [" + ch.lastError() + "]")).collect(Collectors.joining(", "));
        return "status " + state.status() + (mismatches >= 0 ? ", " + mismatches + " mismatches" : "")
                + (state.refusal() == null ? "" : ", refused: " + state.refusal()) + (chains.isEmpty() ? "" : "; " + chains);
    }

    private static void report() throws IOException {
        long recovered = VERDICTS.values().stream().filter(v -> v.ok() && v.expected() == Expected.RECOVERED).count();
        long failedVisibly = VERDICTS.values().stream().filter(v -> v.ok() && v.expected() != Expected.RECOVERED).count();
        long stalled = VERDICTS.values().stream().filter(Verdict::stalled).count();
        long halfWritten = VERDICTS.values().stream().filter(Verdict::halfWritten).count();
        long overwritten = VERDICTS.values().stream().filter(Verdict::overwritten).count();
        String line = String.format("hostile: %d behaviours, %d recovered, %d failed visibly, %d stalled, %d half-written, "
                + "%d overwritten", VERDICTS.size(), recovered, failedVisibly, stalled, halfWritten, overwritten);
        StringBuilder summary = new StringBuilder(line).append(System.lineSeparator());
        VERDICTS.values().forEach(v -> summary.append(v.ok() ? "ok    " : "WRONG ").append(v.expected()).append("  ")
                .append(v.behaviour()).append(" (").append(v.installation()).append("): ").append(v.detail())
                .append(System.lineSeparator()));
        Path out = Path.of("target", "hostile");
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.println(summary);
        System.err.println(line);
    }
}
