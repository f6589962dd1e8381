package dev.ferry.dualwrite;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Brings rows of pending {@link MirrorFailureLog} entries up to date on the mirror.
 *
 * <p>For each entry of a bounded batch: read the row's <em>current</em> state from the primary; write it to
 * the mirror (an upsert of the non-key columns, or a delete when the row no longer exists); read the primary
 * again; and, if the row did not change in between, delete the entry from the log
 * ({@link MirrorFailureLog#markRepaired}, which keeps it if it was recorded again meanwhile). Replaying the
 * current state instead of the failed write makes repair idempotent, independent of the order of the
 * original writes, and safe to run on several threads or processes at once.
 *
 * <p>The second read closes a race with the app: a write that reaches both sides between repair's read and
 * its mirror write would otherwise be overwritten on the mirror by the older state. When the row changed,
 * the entry stays pending (attempts + 1, code {@code PRIMARY_CHANGED}) and the next run copies it again.
 *
 * <p>If the key text is unreadable or a side throws, the entry stays pending with attempts + 1 and the error
 * (described as {@link DualWriter} does: no values). If the log itself throws, the batch stops and the
 * exception propagates. Logs nothing.
 */
public final class MirrorRepair {
    /** Error code of an entry whose row changed on the primary while it was being repaired. */
    public static final String PRIMARY_CHANGED = "PRIMARY_CHANGED";
    /** Error code of an entry whose stored key text cannot be parsed. */
    public static final String BAD_KEY_TEXT = "BAD_KEY_TEXT";

    private final PrimaryReader primary;
    private final Side mirror;
    private final MirrorFailureLog failures;
    private final Clock clock;

    /** Repairs {@code mirror} from {@code primary}; arguments are not null. */
    public MirrorRepair(PrimaryReader primary, Side mirror, MirrorFailureLog failures, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.mirror = Objects.requireNonNull(mirror, "mirror");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Repairs with the system UTC clock. */
    public MirrorRepair(PrimaryReader primary, Side mirror, MirrorFailureLog failures) {
        this(primary, mirror, failures, Clock.systemUTC());
    }

    /**
     * Repairs up to {@code limit} pending entries, least recently failed first.
     *
     * @param limit 1 to {@link MirrorFailureLog#MAX_BATCH}
     */
    public RepairReport repairBatch(int limit) {
        int repaired = 0;
        int failed = 0;
        int superseded = 0;
        var batch = failures.pending(limit);
        for (PendingFailure entry : batch) {
            switch (repair(entry)) {
                case REPAIRED -> repaired++;
                case FAILED -> failed++;
                case SUPERSEDED -> superseded++;
            }
        }
        return new RepairReport(batch.size(), repaired, failed, superseded);
    }

    private enum Result { REPAIRED, FAILED, SUPERSEDED }

    private Result repair(PendingFailure entry) {
        PrimaryKeyValues key;
        try {
            key = entry.key();
        } catch (IllegalArgumentException e) {
            failures.recordRepairFailure(entry, BAD_KEY_TEXT, "the stored key text cannot be parsed", clock.instant());
            return Result.FAILED;
        }
        try {
            Optional<Map<String, Object>> before = read(entry, key);
            mirror.apply(before.map(row -> Write.upsert(entry.installationId(), entry.dataType(), key, nonKey(row, key)))
                    .orElseGet(() -> Write.delete(entry.installationId(), entry.dataType(), key)));
            Optional<Map<String, Object>> after = read(entry, key);
            if (!sameState(before, after)) {
                failures.recordRepairFailure(entry, PRIMARY_CHANGED,
                        "the row changed on the primary during repair; copied again next run", clock.instant());
                return Result.FAILED;
            }
        } catch (RuntimeException e) {
            ErrorText error = ErrorText.of(e);
            failures.recordRepairFailure(entry, error.code(), error.message(), clock.instant());
            return Result.FAILED;
        }
        return failures.markRepaired(entry) ? Result.REPAIRED : Result.SUPERSEDED;
    }

    private Optional<Map<String, Object>> read(PendingFailure entry, PrimaryKeyValues key) {
        return Objects.requireNonNull(primary.read(entry.installationId(), entry.dataType(), key),
                "PrimaryReader returned null");
    }

    private static Map<String, Object> nonKey(Map<String, Object> row, PrimaryKeyValues key) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (!key.contains(column)) {
                values.put(column, value);
            }
        });
        return values;
    }

    private static boolean sameState(Optional<Map<String, Object>> a, Optional<Map<String, Object>> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        Map<String, Object> x = a.get();
        Map<String, Object> y = b.get();
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : x.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), y.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
