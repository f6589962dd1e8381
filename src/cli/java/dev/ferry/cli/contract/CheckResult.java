package dev.ferry.cli.contract;

import java.util.Objects;

/**
 * One named check of a remote against the contract and its outcome, with the reason in words.
 *
 * @param name    the check's stable name, e.g. {@code pages[issues].limit}
 * @param outcome PASS, FAIL or SKIP
 * @param reason  why, in one line
 */
public record CheckResult(String name, Outcome outcome, String reason) {
    /** What a check found. */
    public enum Outcome {
        /** The remote does what the contract says. */
        PASS,
        /** It does not; the reason says what was seen. */
        FAIL,
        /** Not exercised: an optional endpoint not offered, or a check not asked for. */
        SKIP
    }

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }

    static CheckResult pass(String name, String reason) {
        return new CheckResult(name, Outcome.PASS, reason);
    }

    static CheckResult fail(String name, String reason) {
        return new CheckResult(name, Outcome.FAIL, reason);
    }

    static CheckResult skip(String name, String reason) {
        return new CheckResult(name, Outcome.SKIP, reason);
    }
}
