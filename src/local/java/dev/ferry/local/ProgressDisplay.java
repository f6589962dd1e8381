package dev.ferry.local;

import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Prints live progress: a summary line (installations by status, rows copied, overall rate), then
 * per installation and data type the rows copied, percent of the source's rows (when known), copy
 * rate and time to go. One block per refresh.
 *
 * <p>A fleet of at most {@value #MAX_INSTALLATION_LINES} installations is shown whole. A larger one
 * shows only the installations that are not DONE — failing ones first, then those copying — and at
 * most {@value #MAX_INSTALLATION_LINES} lines of them, the last one counting the rest.
 */
final class ProgressDisplay {
    /** Installation lines per refresh, at most. */
    static final int MAX_INSTALLATION_LINES = 15;

    private final PrintStream out;
    private final TotalRows totals;
    private final long expectedRows;
    private final LongSupplier clock;
    private final Map<String, Long> lastRows = new HashMap<>();
    private final long startNanos;
    private long lastNanos;
    private long lastTotal = -1;

    /** Rows each installation's data type holds at the source, if known. */
    interface TotalRows {
        Long of(String installation, String dataType);
    }

    /** @param expectedRows all rows to copy, or 0 if unknown */
    ProgressDisplay(PrintStream out, TotalRows totals, long expectedRows) {
        this(out, totals, expectedRows, System::nanoTime);
    }

    ProgressDisplay(PrintStream out, TotalRows totals, long expectedRows, LongSupplier clock) {
        this.out = out;
        this.totals = totals;
        this.expectedRows = expectedRows;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastNanos = startNanos;
    }

    void show(StatusReport.Fleet fleet) {
        out.print(render(fleet));
        out.flush();
    }

    /** One line for a refresh that could not list the installations; {@code retrying}: polled again. */
    void showListingFailure(String reason, boolean retrying) {
        out.print(listingFailure(reason, retrying));
        out.flush();
    }

    String listingFailure(String reason, boolean retrying) {
        return String.format("── progress at %ds: listing the installations failed%s: %s%n",
                (clock.getAsLong() - startNanos) / 1_000_000_000L, retrying ? " (retrying)" : " for good", reason);
    }

    /** The block for one refresh; updates the rates' reference points. */
    String render(StatusReport.Fleet fleet) {
        long now = clock.getAsLong();
        double seconds = Math.max(0.001, (now - lastNanos) / 1e9);
        lastNanos = now;
        StringBuilder block = new StringBuilder();
        block.append(summary(fleet, now, seconds)).append(System.lineSeparator());

        List<Line> lines = new ArrayList<>();
        for (StatusReport.InstallationState installation : fleet.installations()) {
            lines.add(line(installation, seconds));
        }
        List<Line> shown = lines;
        int hidden = 0;
        if (lines.size() > MAX_INSTALLATION_LINES) {
            shown = lines.stream().filter(l -> !l.done()).sorted(Comparator.comparingInt(Line::priority)).toList();
            if (shown.size() > MAX_INSTALLATION_LINES) {
                hidden = shown.size() - (MAX_INSTALLATION_LINES - 1);
                shown = shown.subList(0, MAX_INSTALLATION_LINES - 1);
            }
        }
        for (Line line : shown) {
            block.append(line.text()).append(System.lineSeparator());
        }
        if (hidden > 0) {
            block.append(String.format("  … and %d more installations not done%n", hidden));
        }
        return block.toString();
    }

    private String summary(StatusReport.Fleet fleet, long now, double seconds) {
        long copied = fleet.rowsCopied();
        double rate = lastTotal < 0 ? copied / Math.max(0.001, (now - startNanos) / 1e9) : (copied - lastTotal) / seconds;
        lastTotal = copied;
        StringBuilder s = new StringBuilder(String.format("── progress at %ds: %d installations",
                (now - startNanos) / 1_000_000_000L, fleet.installations().size()));
        if (!fleet.counts().isEmpty()) {
            s.append(' ').append(fleet.counts());
        }
        if (fleet.unknown() > 0) {
            s.append(String.format(" (%d not seen yet)", fleet.unknown()));
        }
        long waiting = fleet.installations().stream().flatMap(i -> i.chains().stream())
                .filter(StatusReport.ChainState::waiting).count();
        long failed = fleet.installations().stream().filter(StatusReport.InstallationState::failing).count();
        if (waiting > 0 || failed > 0) {
            s.append(String.format(" — %d chains waiting to retry, %d installations failed", waiting, failed));
        }
        if (expectedRows > 0) {
            s.append(String.format(", %,d of %,d rows copied (%d%%)", copied, expectedRows,
                    Math.min(100, copied * 100 / expectedRows)));
        } else {
            s.append(String.format(", %,d rows copied", copied));
        }
        if (rate > 0) {
            s.append(String.format(", %,.0f rows/s", rate));
            if (expectedRows > copied) {
                s.append(String.format(" ETA %ds", (long) Math.ceil((expectedRows - copied) / rate)));
            }
        }
        return s.toString();
    }

    private Line line(StatusReport.InstallationState installation, double seconds) {
        StringBuilder text = new StringBuilder(String.format("  %-16s %-11s", installation.installation(),
                installation.refusal() != null ? "REFUSED" : installation.status() == null ? "NEW" : installation.status()));
        if (installation.refusal() != null) {
            text.append(" | ").append(installation.refusal());
        }
        boolean copying = false;
        for (StatusReport.ChainState chain : installation.chains()) {
            String key = installation.installation() + "/" + chain.dataType();
            long previous = lastRows.getOrDefault(key, chain.rowsCopied());
            lastRows.put(key, chain.rowsCopied());
            double rate = (chain.rowsCopied() - previous) / seconds;
            copying |= rate > 0;
            text.append(" | ").append(chain.dataType()).append(' ').append(describe(installation.installation(),
                    chain, rate));
        }
        int priority = installation.failing() ? 0 : copying ? 1 : 2;
        return new Line(text.toString(), installation.status() == InstallationStatus.DONE, priority);
    }

    private record Line(String text, boolean done, int priority) {
    }

    private static String errorCode(String lastError) {
        if (lastError == null) {
            return "no error";
        }
        int colon = lastError.indexOf(':');
        return colon > 0 ? lastError.substring(0, colon) : lastError;
    }

    private String describe(String installation, StatusReport.ChainState chain, double rate) {
        Long total = totals.of(installation, chain.dataType());
        String state = switch (chain.status()) {
            case DONE -> "done";
            case FAILED -> "FAILED " + chain.lastError();
            default -> chain.waiting()
                    ? "waiting to retry at " + chain.nextAttemptAt().substring(11, 19) + " (attempt " + (chain.attempts() + 1)
                        + ", " + errorCode(chain.lastError()) + ")"
                    : rate > 0 ? String.format("%,.0f rows/s", rate) : chain.status().name().toLowerCase();
        };
        if (total == null || total == 0) {
            return String.format("%,d %s (job #%d)", chain.rowsCopied(), state, chain.job());
        }
        long percent = Math.min(100, chain.rowsCopied() * 100 / total);
        String eta = rate > 0 && chain.rowsCopied() < total
                ? String.format(" ETA %ds", (long) Math.ceil((total - chain.rowsCopied()) / rate)) : "";
        return String.format("%,d/%,d %d%% %s%s (job #%d)", chain.rowsCopied(), total, percent, state, eta, chain.job());
    }
}
