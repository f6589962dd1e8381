package dev.ferry.cli;

import dev.ferry.app.StatusReport;
import java.util.Locale;
import java.util.Map;

/** The status report as text: a line per installation and data type, chains needing attention, the fleet's summary. */
final class StatusTables {
    private static final String ROW = "%-20s %-11s %-16s %-9s %,10d %9s %9s  %-28s %s%n";
    private static final String HEAD = "%-20s %-11s %-16s %-9s %10s %9s %9s  %-28s %s%n";

    private StatusTables() {
    }

    static String fleet(StatusReport.Fleet fleet) {
        StringBuilder out = new StringBuilder(header());
        fleet.installations().forEach(installation -> rows(out, installation));
        out.append(String.format("%d installations: %s%s; %,d rows copied; %d verified clean%n",
                fleet.installations().size(), counts(fleet.counts()), fleet.unknown() == 0 ? "" : ", NEW " + fleet.unknown(),
                fleet.rowsCopied(), fleet.verified()));
        out.append("remote database decommission: ").append(fleet.decommission()).append(System.lineSeparator());
        if (fleet.listingProblem() != null) {
            out.append("listing problem: ").append(fleet.listingProblem()).append(System.lineSeparator());
        }
        return withoutTrailingBlanks(out);
    }

    static String installation(StatusReport.InstallationState installation) {
        StringBuilder out = new StringBuilder(header());
        rows(out, installation);
        return withoutTrailingBlanks(out);
    }

    private static String withoutTrailingBlanks(StringBuilder table) {
        return table.toString().replaceAll("(?m)[ \\t]+$", "");
    }

    private static String header() {
        return String.format(HEAD, "INSTALLATION", "STATE", "DATA TYPE", "JOBS", "ROWS", "PROGRESS", "LAST PASS",
                "VERIFIED", "LAST ERROR");
    }

    private static void rows(StringBuilder out, StatusReport.InstallationState installation) {
        String state = installation.status() == null ? "NEW" : installation.status().name();
        if (installation.sync() != null && installation.sync().pausedSince() != null) {
            state = "PAUSED";
        }
        boolean first = true;
        for (StatusReport.DataTypeState type : installation.dataTypes()) {
            out.append(String.format(ROW, first ? installation.installation() : "", first ? state : "", type.dataType(),
                    type.status() == null ? "-" : type.status().name(), type.rows(), ago(type.secondsSinceProgress()),
                    ago(type.secondsSinceLastPass()), verification(type.verification()),
                    type.lastError() == null ? "" : type.lastError()));
            first = false;
        }
        if (first) {
            out.append(String.format(ROW, installation.installation(), state, "-", "-", 0L, "-", "-", "-", ""));
        }
        String details = details(installation);
        if (!details.isEmpty()) {
            out.append(String.format("%-20s %s%n", "", details));
        }
        for (StatusReport.ChainState chain : installation.chains()) {
            if (chain.status() == dev.ferry.domain.job.JobStatus.FAILED || chain.waiting()) {
                out.append(String.format("%-20s chain %s %s (job %d, %d attempts)%s%n", "", chain.chain(),
                        chain.waiting() ? "waiting until " + chain.nextAttemptAt() : "FAILED", chain.job(), chain.attempts(),
                        chain.lastError() == null ? "" : ": " + chain.lastError()));
            }
        }
    }

    /** Pause, passes, primary, lag and reverse sync, once there is more than the first pass to tell; a refusal. */
    private static String details(StatusReport.InstallationState installation) {
        StringBuilder out = new StringBuilder();
        StatusReport.SyncState sync = installation.sync();
        if (sync != null && sync.pausedSince() != null) {
            out.append("paused since ").append(sync.pausedSince());
        }
        if (sync != null && (sync.pass() > 1 || !"SOURCE".equals(sync.primary()) || sync.reverseRun() > 0)) {
            out.append(out.length() == 0 ? "" : ", ").append("pass ").append(sync.pass()).append(", primary ")
                    .append(sync.primary()).append(", lag ").append(ago(sync.lagSeconds()).replace(" ago", ""));
            if (sync.reverseRun() > 0) {
                out.append(", reverse sync ").append(sync.reverseStatus()).append(" (run ").append(sync.reverseRun()).append(')');
            }
        }
        if (installation.refusal() != null) {
            out.append(out.length() == 0 ? "" : ", ").append("refused: ").append(installation.refusal());
        }
        return out.toString();
    }

    private static String verification(StatusReport.VerificationState v) {
        if (v == null) {
            return "never";
        }
        if (!"DONE".equals(v.status())) {
            return v.status().toLowerCase(Locale.ROOT) + (v.error() == null ? "" : " (see error)");
        }
        String found = v.differences() == 0 ? "0 differences"
                : v.missing() + " missing " + v.extra() + " extra " + v.different() + " diff";
        return found + (v.repaired() > 0 ? ", " + v.repaired() + " repaired" : "") + (v.afterMigration() ? "" : " (stale)");
    }

    private static String ago(Long seconds) {
        if (seconds == null) {
            return "-";
        }
        if (seconds < 120) {
            return seconds + "s ago";
        }
        if (seconds < 7_200) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 172_800) {
            return seconds / 3_600 + "h ago";
        }
        return seconds / 86_400 + "d ago";
    }

    private static String counts(Map<?, Integer> counts) {
        if (counts.isEmpty()) {
            return "none seen";
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((status, n) -> out.append(out.length() == 0 ? "" : ", ").append(status).append(' ').append(n));
        return out.toString();
    }
}
