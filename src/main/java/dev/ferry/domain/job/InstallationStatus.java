package dev.ferry.domain.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The overall migration state of one installation (the seed's tracking row). The allowed moves are
 * defined here and nowhere else.
 */
public enum InstallationStatus {
    /** Not yet allowed to start (the remote has not released it). */
    PENDING,
    /** Allowed to start; the tracker will fan out jobs on its next look. */
    READY,
    /** Jobs are running; the job checker watches them. */
    IN_PROGRESS,
    /** Every data type finished in one run; the remote has been told. */
    DONE;

    /** Whether the tracking row may move from this state to {@code next}. Staying put is not a move. */
    public boolean canMoveTo(InstallationStatus next) {
        return allowedNext().contains(next);
    }

    public Set<InstallationStatus> allowedNext() {
        return switch (this) {
            case PENDING -> EnumSet.of(READY, IN_PROGRESS, DONE);
            case READY -> EnumSet.of(PENDING, IN_PROGRESS, DONE);
            case IN_PROGRESS -> EnumSet.of(DONE);
            case DONE -> EnumSet.noneOf(InstallationStatus.class);
        };
    }

    /** Parses a status as the remote spells it; COMPLETED and MIGRATING are accepted as the seed's aliases. */
    public static java.util.Optional<InstallationStatus> parse(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (t) {
            case "COMPLETED" -> java.util.Optional.of(DONE);
            case "MIGRATING" -> java.util.Optional.of(IN_PROGRESS);
            default -> {
                for (InstallationStatus s : values()) {
                    if (s.name().equals(t)) {
                        yield java.util.Optional.of(s);
                    }
                }
                yield java.util.Optional.empty();
            }
        };
    }
}
