package dev.ferry.local;

import dev.ferry.app.StatusReport;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints live progress per installation and data type: rows copied, percent of the source's rows
 * (when known), copy rate and time to go. One block per refresh.
 */
final class ProgressDisplay {
    private final PrintStream out;
    private final TotalRows totals;
    private final Map<String, Long> lastRows = new HashMap<>();
    private long lastNanos = System.nanoTime();
    private final long startNanos = System.nanoTime();

    /** Rows each installation's data type holds at the source, if known. */
    interface TotalRows {
        Long of(String installation, String dataType);
    }

    ProgressDisplay(PrintStream out, TotalRows totals) {
        this.out = out;
        this.totals = totals;
    }

    void show(StatusReport.Fleet fleet) {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastNanos) / 1e9);
        lastNanos = now;
        StringBuilder block = new StringBuilder();
        block.append(String.format("── progress at %ds: %d installations %s, %,d rows copied%n",
                (now - startNanos) / 1_000_000_000L, fleet.installations().size(), fleet.counts(), fleet.rowsCopied()));
        for (StatusReport.InstallationState installation : fleet.installations()) {
            block.append(String.format("  %-16s %-11s", installation.installation(),
                    installation.status() == null ? "NEW" : installation.status()));
            for (StatusReport.ChainState chain : installation.chains()) {
                String key = installation.installation() + "/" + chain.dataType();
                long previous = lastRows.getOrDefault(key, chain.rowsCopied());
                lastRows.put(key, chain.rowsCopied());
                double rate = (chain.rowsCopied() - previous) / seconds;
                block.append(" | ").append(chain.dataType()).append(' ').append(describe(installation.installation(),
                        chain, rate));
            }
            block.append(System.lineSeparator());
        }
        out.print(block);
        out.flush();
    }

    private String describe(String installation, StatusReport.ChainState chain, double rate) {
        Long total = totals.of(installation, chain.dataType());
        String state = switch (chain.status()) {
            case DONE -> "done";
            case FAILED -> "FAILED " + chain.lastError();
            default -> rate > 0 ? String.format("%,.0f rows/s", rate) : chain.status().name().toLowerCase();
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
