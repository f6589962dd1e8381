package dev.ferry.dualwrite;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes every {@link Write} to a primary {@link Side} and then to a mirror side.
 *
 * <ul>
 *   <li>The primary is written first, on the caller's thread. If it throws, the exception propagates
 *       unchanged and the mirror is not written.</li>
 *   <li>Then the mirror: in <em>sequential</em> mode ({@link #sequential}, the default) on the caller's
 *       thread before {@link #write} returns; in <em>asynchronous</em> mode ({@link #asynchronous}) as a
 *       task on the caller's {@link Executor}, and {@link #write} returns at once.</li>
 *   <li>If the mirror throws a {@link RuntimeException} (or the executor rejects the task), the failure is
 *       recorded in the {@link MirrorFailureLog} (installation, data type, key, operation, error code and a
 *       value-free message, time) and the call still succeeds: the app's request does not fail because the
 *       mirror is down. {@link MirrorRepair} brings the row up to date later. {@link Error}s propagate.</li>
 *   <li>If the log cannot record the failure either, sequential mode throws
 *       {@link MirrorFailureNotRecordedException} after the primary write; in asynchronous mode that
 *       exception escapes the task into the executor.</li>
 * </ul>
 *
 * <p>Asynchronous mirror writes of the same row may be applied out of order by a multi-threaded executor;
 * use a single-threaded (or per-row ordered) executor if that matters, or rely on repair. Thread-safe if
 * the sides and the log are. Logs nothing.
 */
public final class DualWriter {
    private final Side primary;
    private final Side mirror;
    private final MirrorFailureLog failures;
    private final Executor mirrorExecutor;
    private final Clock clock;

    private DualWriter(Side primary, Side mirror, MirrorFailureLog failures, Executor mirrorExecutor, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.mirror = Objects.requireNonNull(mirror, "mirror");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.mirrorExecutor = mirrorExecutor;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Mirrors on the caller's thread, after the primary (the default mode). Arguments are not null. */
    public static DualWriter sequential(Side primary, Side mirror, MirrorFailureLog failures) {
        return new DualWriter(primary, mirror, failures, null, Clock.systemUTC());
    }

    /** Mirrors as a task on {@code mirrorExecutor}, after the primary succeeded. Arguments are not null. */
    public static DualWriter asynchronous(Side primary, Side mirror, MirrorFailureLog failures,
                                          Executor mirrorExecutor) {
        return new DualWriter(primary, mirror, failures, Objects.requireNonNull(mirrorExecutor, "mirrorExecutor"),
                Clock.systemUTC());
    }

    /** The same writer, timing failures with {@code clock} instead of the system UTC clock. */
    public DualWriter withClock(Clock clock) {
        return new DualWriter(primary, mirror, failures, mirrorExecutor, clock);
    }

    /** Whether mirror writes run on an executor. */
    public boolean isAsynchronous() {
        return mirrorExecutor != null;
    }

    /**
     * Applies {@code write} to the primary, then to the mirror (see the class comment).
     *
     * @param write the write, not null
     * @return what happened to the mirror write
     * @throws RuntimeException whatever the primary threw; the mirror was not written
     * @throws MirrorFailureNotRecordedException (sequential mode) the primary has the write, the mirror
     *     failed and the failure could not be recorded
     */
    public MirrorOutcome write(Write write) {
        Objects.requireNonNull(write, "write");
        primary.apply(write);
        if (mirrorExecutor == null) {
            return mirror(write);
        }
        try {
            mirrorExecutor.execute(() -> mirror(write));
            return MirrorOutcome.MIRROR_SCHEDULED;
        } catch (RejectedExecutionException e) {
            record(write, e);
            return MirrorOutcome.MIRROR_FAILED_RECORDED;
        }
    }

    private MirrorOutcome mirror(Write write) {
        try {
            mirror.apply(write);
            return MirrorOutcome.MIRRORED;
        } catch (RuntimeException e) {
            record(write, e);
            return MirrorOutcome.MIRROR_FAILED_RECORDED;
        }
    }

    private void record(Write write, RuntimeException mirrorError) {
        MirrorFailure failure = MirrorFailure.of(write, mirrorError, clock.instant());
        try {
            failures.record(failure);
        } catch (RuntimeException logError) {
            throw new MirrorFailureNotRecordedException(failure, ErrorText.of(logError));
        }
    }
}
