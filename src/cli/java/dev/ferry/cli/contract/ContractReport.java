package dev.ferry.cli.contract;

import java.util.List;
import java.util.Optional;

/** The results of one run of the contract checker, in the order the checks ran. */
public record ContractReport(List<CheckResult> results) {
    private static final int MAX_REASON_CHARS = 400;

    public ContractReport {
        results = List.copyOf(results);
    }

    /** Whether no check failed (skipped checks do not count against the remote). */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.outcome() == CheckResult.Outcome.FAIL);
    }

    /** The result of the check with this name. */
    public Optional<CheckResult> result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The failed checks. */
    public List<CheckResult> failures() {
        return results.stream().filter(r -> r.outcome() == CheckResult.Outcome.FAIL).toList();
    }

    public long count(CheckResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** The results as a plain-text table (check, result, reason), then a summary line. */
    public String table() {
        int width = "CHECK".length();
        for (CheckResult r : results) {
            width = Math.max(width, r.name().length());
        }
        StringBuilder out = new StringBuilder();
        out.append(pad("CHECK", width)).append("  RESULT  REASON\n");
        for (CheckResult r : results) {
            String reason = r.reason().replaceAll("\\s+", " ");
            if (reason.length() > MAX_REASON_CHARS) {
                reason = reason.substring(0, MAX_REASON_CHARS) + "…";
            }
            out.append(pad(r.name(), width)).append("  ").append(pad(r.outcome().name(), 6)).append("  ")
                    .append(reason).append('\n');
        }
        out.append(count(CheckResult.Outcome.PASS)).append(" passed, ").append(count(CheckResult.Outcome.FAIL))
                .append(" failed, ").append(count(CheckResult.Outcome.SKIP)).append(" skipped: ")
                .append(passed() ? "the remote meets the contract as far as checked" : "the remote does NOT meet the contract")
                .append('\n');
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
