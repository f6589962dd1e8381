package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final List<String> TYPES = List.of("projects", "issues", "attachments", "issue_watchers");

    private final AtomicLong clock = new AtomicLong();
    private final ProgressDisplay display = new ProgressDisplay(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8), (installation, dataType) -> 100L, 0, clock::get);

    @Test
    void shouldShowEveryInstallation_forASmallFleet() {
        // given
        List<StatusReport.InstallationState> states = List.of(installation("a", InstallationStatus.DONE, JobStatus.DONE, 100),
                installation("b", InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 40),
                installation("c", null, null, 0));

        // when
        List<String> lines = lines(display.render(fleet(states)));

        // then
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("── progress at 0s: 3 installations {IN_PROGRESS=1, DONE=1} (1 not seen yet)");
        assertThat(lines.get(1)).contains("a ", "DONE", "projects 100/100 100% done (job #1)");
        assertThat(lines.get(2)).contains("b ", "IN_PROGRESS", "issues 40/100 40% in_progress (job #1)");
        assertThat(lines.get(3)).contains("c ", "NEW");
    }

    @Test
    void shouldShowAFleetOfFifteen_whole() {
        // given
        List<StatusReport.InstallationState> states = new ArrayList<>();
        for (int i = 0; i < ProgressDisplay.MAX_INSTALLATION_LINES; i++) {
            states.add(installation("i" + i, InstallationStatus.DONE, JobStatus.DONE, 100));
        }

        // when / then
        assertThat(lines(display.render(fleet(states)))).hasSize(1 + ProgressDisplay.MAX_INSTALLATION_LINES);
    }

    @Test
    void shouldShowOnlyInstallationsNotDone_capped_forALargeFleet() {
        // given 100 installations: 20 DONE, 80 IN_PROGRESS
        List<StatusReport.InstallationState> states = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            states.add(i <= 20 ? installation(id(i), InstallationStatus.DONE, JobStatus.DONE, 100)
                    : installation(id(i), InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 10));
        }

        // when
        List<String> lines = lines(display.render(fleet(states)));

        // then
        assertThat(lines).hasSize(1 + ProgressDisplay.MAX_INSTALLATION_LINES);
        assertThat(lines.get(0)).contains("100 installations", "IN_PROGRESS=80", "DONE=20");
        assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(line -> assertThat(line).contains("IN_PROGRESS"));
        assertThat(lines.get(1)).contains("load-021");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("  … and 66 more installations not done");
    }

    @Test
    void shouldPutFailingThenCopyingInstallationsFirst_forALargeFleet() {
        // given 30 installations in progress; after a first refresh, load-010 copies and load-025 fails
        List<StatusReport.InstallationState> states = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            states.add(installation(id(i), InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 10));
        }
        display.render(fleet(states));
        states.set(9, installation(id(10), InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 50));
        states.set(24, installation(id(25), InstallationStatus.IN_PROGRESS, JobStatus.FAILED, 10));
        clock.addAndGet(2_000_000_000L);

        // when
        List<String> lines = lines(display.render(fleet(states)));

        // then
        assertThat(lines.get(1)).contains("load-025", "FAILED REMOTE_UNAVAILABLE");
        assertThat(lines.get(2)).contains("load-010", "issues 50/100 50% 20 rows/s ETA 3s");
        assertThat(lines.get(3)).contains("load-001");
        assertThat(lines).hasSize(1 + ProgressDisplay.MAX_INSTALLATION_LINES).last().asString()
                .isEqualTo("  … and 16 more installations not done");
    }

    @Test
    void shouldShowNoInstallationLines_whenALargeFleetIsDone() {
        // given
        List<StatusReport.InstallationState> states = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            states.add(installation(id(i), InstallationStatus.DONE, JobStatus.DONE, 100));
        }

        // when / then
        assertThat(lines(display.render(fleet(states)))).hasSize(1);
    }

    @Test
    void shouldShowOverallProgressAndRate_whenTheTotalIsKnown() {
        // given
        ProgressDisplay known = new ProgressDisplay(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), (installation, dataType) -> 100L, 800, clock::get);
        List<StatusReport.InstallationState> states = new ArrayList<>(List.of(
                installation("a", InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 0),
                installation("b", InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 0)));
        known.render(fleet(states));
        states.set(0, installation("a", InstallationStatus.IN_PROGRESS, JobStatus.IN_PROGRESS, 50));
        clock.addAndGet(2_000_000_000L);

        // when
        String summary = lines(known.render(fleet(states))).get(0);

        // then
        assertThat(summary).isEqualTo("── progress at 2s: 2 installations {IN_PROGRESS=2}, 200 of 800 rows copied (25%),"
                + " 100 rows/s ETA 6s");
    }

    private static String id(int i) {
        return String.format("load-%03d", i);
    }

    private static List<String> lines(String block) {
        return block.lines().toList();
    }

    /** An installation with every chain in one status, each with {@code rows} rows copied. */
    private static StatusReport.InstallationState installation(String id, InstallationStatus status, JobStatus chains,
                                                               long rows) {
        List<StatusReport.ChainState> states = new ArrayList<>();
        if (status != null) {
            for (String type : TYPES) {
                states.add(new StatusReport.ChainState(type, type, 1, chains, rows, 1, 0,
                        chains == JobStatus.FAILED ? "REMOTE_UNAVAILABLE" : null));
            }
        }
        return new StatusReport.InstallationState(id, status, rows * states.size(), states, List.of(), false, null);
    }

    private static StatusReport.Fleet fleet(List<StatusReport.InstallationState> states) {
        Map<InstallationStatus, Integer> counts = new EnumMap<>(InstallationStatus.class);
        int unknown = 0;
        for (StatusReport.InstallationState state : states) {
            if (state.status() == null) {
                unknown++;
            } else {
                counts.merge(state.status(), 1, Integer::sum);
            }
        }
        return new StatusReport.Fleet(List.copyOf(states), counts, unknown,
                states.stream().mapToLong(StatusReport.InstallationState::rowsCopied).sum(), 0, 0, false,
                "not every installation is DONE", "2026-01-01T00:00:00Z");
    }
}
