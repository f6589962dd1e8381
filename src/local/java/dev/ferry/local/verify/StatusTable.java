package dev.ferry.local.verify;

import dev.ferry.app.StatusReport;
import java.util.Map;

/** The fleet status as a readable table: one line per installation and data type, then the fleet's summary. */
public final class StatusTable {
    private static final String ROW = "%-18s %-11s %-15s %-9s %,10d %9s %9s  %-34s %s%n";

    private StatusTable() {
    }

    public static String render(StatusReport.Fleet fleet) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-18s %-11s %-15s %-9s %10s %9s %9s  %-34s %s%n", "INSTALLATION", "STATE", "DATA TYPE",
                "JOBS", "ROWS", "PROGRESS", "LAST PASS", "VERIFIED", "LAST ERROR"));
        for (StatusReport.InstallationState installation : fleet.installations()) {
            String state = installation.status() == null ? "NEW" : installation.status().name();
            if (installation.dataTypes().isEmpty()) {
                out.append(String.format(ROW, installation.installation(), state, "-", "-", 0L, "-", "-", "-", ""));
            }
            boolean first = true;
            for (StatusReport.DataTypeState type : installation.dataTypes()) {
                out.append(String.format(ROW, first ? installation.installation() : "", first ? state : "",
                        type.dataType(), type.status() == null ? "-" : type.status().name(), type.rows(),
                        ago(type.secondsSinceProgress()), ago(type.secondsSinceLastPass()), verification(type.verification()),
                        type.lastError() == null ? "" : type.lastError()));
                first = false;
            }
            String sync = sync(installation.sync());
            if (!sync.isEmpty()) {
                out.append(String.format("%-18s %s%n", "", sync));
            }
        }
        out.append(String.format("%d installations: %s%s; %,d rows copied; %d verified clean%n", fleet.installations().size(),
                counts(fleet.counts()), fleet.unknown() == 0 ? "" : ", NEW " + fleet.unknown(), fleet.rowsCopied(),
                fleet.verified()));
        out.append("remote database decommission: ").append(fleet.decommission()).append(System.lineSeparator());
        return out.toString();
    }

    /** Passes, primary, lag and reverse sync, once there is more than the first pass to tell. */
    private static String sync(StatusReport.SyncState sync) {
        if (sync == null || (sync.pass() <= 1 && "SOURCE".equals(sync.primary()) && sync.reverseRun() == 0)) {
            return "";
        }
        return "pass " + sync.pass() + ", primary " + sync.primary() + ", lag " + ago(sync.lagSeconds()).replace(" ago", "")
                + (sync.reverseRun() == 0 ? "" : ", reverse sync " + sync.reverseStatus() + " (run " + sync.reverseRun() + ")");
    }

    private static String verification(StatusReport.VerificationState v) {
        if (v == null) {
            return "never";
        }
        if (!"DONE".equals(v.status())) {
            return v.status().toLowerCase(java.util.Locale.ROOT) + (v.error() == null ? "" : " (see error)");
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
