package dev.ferry.app.verify;

import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.DestinationRanges;
import dev.ferry.app.port.RowReader;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.VerificationRecord;
import dev.ferry.domain.verify.VerificationStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Verifies one data type of an installation within a verification run, keeping the result in the
 * {@link VerificationStore}: picks up where a paused step of the same run stopped, runs the
 * {@link ChunkedComparison}, and saves the counts (and the position, if it paused again) with one
 * conditional statement, so two deliveries of the same step cannot both count.
 */
public final class VerifyDataType {
    private final ChunkSource source;
    private final DestinationEntries destination;
    private final RowSink sink;
    private final RowDeleter deleter;
    private final VerificationStore store;
    private final Clock clock;
    private final VerifySettings settings;

    private VerifyDataType(ChunkSource source, DestinationEntries destination, RowSink sink, RowDeleter deleter,
                           VerificationStore store, Clock clock, VerifySettings settings) {
        this.source = source;
        this.destination = destination;
        this.sink = sink;
        this.deleter = deleter;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    /** The production wiring: the destination database read by key range, repairs, results stored. */
    public VerifyDataType(ChunkSource source, DestinationRanges destination, RowSink sink, RowDeleter deleter,
                          VerificationStore store, Clock clock, VerifySettings settings) {
        this(source, DestinationEntries.of(destination), sink, deleter, store, clock, settings);
    }

    /** Two row readers (a local tool's view): no repairs, nothing stored, the destination kept in memory per data type. */
    public static VerifyDataType readOnly(RowReader source, RowReader destination, VerifySettings settings) {
        return new VerifyDataType(new ReaderChunkSource(source, settings), new BufferedDestination(destination), null,
                null, VerificationStore.NONE, Clock.systemUTC(), settings);
    }

    public VerifySettings settings() {
        return settings;
    }

    public boolean canRepair() {
        return sink != null && deleter != null;
    }

    /** What a step did. */
    public enum StepResult {
        /** The data type was compared to the end. */
        FINISHED,
        /** Paused for lack of time; the saved position says where to go on. */
        PAUSED,
        /** The run had already finished this data type (a repeated delivery): nothing done. */
        ALREADY_FINISHED,
        /** Another delivery of the same step saved first: this one's counts were dropped. */
        LOST,
        /** A permanent error ended it; recorded as FAILED. */
        FAILED
    }

    /** The record as saved (or found) and what happened. */
    public record Step(StepResult result, VerificationRecord record) {
    }

    /**
     * @param remainingMillis the invocation's remaining time, or null for no limit (then it never pauses)
     * @throws FerryException when a retryable error stops it (nothing is saved; the step can be repeated)
     */
    public Step run(InstallationId installation, DataType dataType, String runId, boolean repair,
                    LongSupplier remainingMillis) {
        Optional<VerificationRecord> stored = store.find(installation, runId, dataType.name());
        if (stored.isPresent() && stored.get().status() != VerificationStatus.RUNNING) {
            return new Step(StepResult.ALREADY_FINISHED, stored.get());
        }
        Instant started = stored.map(VerificationRecord::startedAt).orElse(clock.instant());
        Tally tally = new Tally(stored.map(VerificationRecord::counts)
                .orElse(dev.ferry.domain.verify.VerificationCounts.NONE), settings.sampleKeys());
        long expectedChunks = stored.map(r -> r.counts().chunks()).orElse(-1L);
        ChunkSource reader = remainingMillis == null ? source : source.withDeadline(remainingMillis);
        Budget budget = remainingMillis == null ? null
                : new Budget(remainingMillis, settings.safetyMarginMillis(), settings.initialChunkMillis());
        ChunkedComparison comparison = new ChunkedComparison(reader, destination, sink, deleter, settings);
        ChunkedComparison.Outcome outcome;
        try {
            outcome = comparison.run(installation, dataType, stored.map(VerificationRecord::positionCursor).orElse(null),
                    RowKey.decode(dataType, stored.map(VerificationRecord::positionKey).orElse(null)), tally, repair,
                    budget);
        } catch (FerryException e) {
            if (e.retryable()) {
                throw e;
            }
            Instant now = clock.instant();
            VerificationRecord failed = new VerificationRecord(runId, dataType.name(), VerificationStatus.FAILED,
                    stored.map(VerificationRecord::method).orElse(null), repair, started, now, now, tally.counts(), null,
                    null, excerpt(e.code() + ": " + e.getMessage()));
            save(installation, failed, expectedChunks);
            return new Step(StepResult.FAILED, failed);
        }
        Instant now = clock.instant();
        VerificationRecord record;
        if (outcome instanceof ChunkedComparison.Paused paused) {
            record = new VerificationRecord(runId, dataType.name(), VerificationStatus.RUNNING, outcome.method(), repair,
                    started, now, null, tally.counts(), paused.cursor(),
                    paused.lastKey() == null ? null : paused.lastKey().encode(), null);
        } else {
            record = new VerificationRecord(runId, dataType.name(), VerificationStatus.DONE, outcome.method(), repair,
                    started, now, now, tally.counts(), null, null, null);
        }
        if (!save(installation, record, expectedChunks)) {
            return new Step(StepResult.LOST, record);
        }
        return new Step(record.status() == VerificationStatus.DONE ? StepResult.FINISHED : StepResult.PAUSED, record);
    }

    private boolean save(InstallationId installation, VerificationRecord record, long expectedChunks) {
        return expectedChunks < 0 ? store.insert(installation, record) : store.update(installation, record, expectedChunks);
    }

    private static String excerpt(String message) {
        return message.length() > 900 ? message.substring(0, 900) + "…" : message;
    }
}
