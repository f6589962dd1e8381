package dev.ferry.app;

import dev.ferry.app.port.RowReader;
import dev.ferry.app.verify.RunIds;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.verify.VerificationCounts;
import dev.ferry.domain.verify.VerificationRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares an installation's destination with its source, every data type of the plan in one go
 * (the local command and tests; the worker runs the same comparison step by step, see
 * {@link dev.ferry.app.verify.RunVerification}). The comparison is by chunked checksums computed by
 * Ferry, bisecting differing chunks down to rows ({@link dev.ferry.app.verify.ChunkedComparison});
 * it reports rows missing at the destination, extra there, and present on both sides with different
 * content, by primary key, and can repair them.
 */
public final class VerifyInstallation {
    private static final int EXAMPLES_PER_KIND = 5;
    private final MigrationPlan plan;
    private final VerifyDataType verifier;
    private final Clock clock;

    /** Over any two row readers (the source database, the remote's pages, the destination): no repairs, nothing stored. */
    public VerifyInstallation(MigrationPlan plan, RowReader source, RowReader destination) {
        this(plan, VerifyDataType.readOnly(source, destination, VerifySettings.defaults()), Clock.systemUTC());
    }

    public VerifyInstallation(MigrationPlan plan, VerifyDataType verifier, Clock clock) {
        this.plan = plan;
        this.verifier = verifier;
        this.clock = clock;
    }

    /**
     * One data type's comparison. {@code exampleKeys} mixes a few keys of each kind ("missing [7]");
     * the lists by kind are in {@code missingKeys}, {@code extraKeys} and {@code differentKeys}.
     *
     * @param status {@code DONE}, or {@code FAILED} with {@code error}
     * @param method how the source was read: {@code checksums}, {@code pages} or {@code rows}
     */
    public record TypeResult(String dataType, long sourceRows, long destinationRows, long missing, long extra,
                             long different, List<String> exampleKeys, long repaired, String method,
                             long sourceRowsRead, long chunks, List<String> missingKeys, List<String> extraKeys,
                             List<String> differentKeys, String status, String error) {
        public long mismatches() {
            return missing + extra + different;
        }

        static TypeResult of(VerificationRecord record) {
            VerificationCounts c = record.counts();
            List<String> examples = new ArrayList<>();
            c.missingKeys().stream().limit(EXAMPLES_PER_KIND).forEach(k -> examples.add("missing " + k));
            c.extraKeys().stream().limit(EXAMPLES_PER_KIND).forEach(k -> examples.add("extra " + k));
            c.differentKeys().stream().limit(EXAMPLES_PER_KIND).forEach(k -> examples.add("different " + k));
            return new TypeResult(record.dataType(), c.sourceRows(), c.destinationRows(), c.missing(), c.extra(),
                    c.different(), List.copyOf(examples), c.repaired(), record.method(), c.sourceRowsRead(), c.chunks(),
                    c.missingKeys(), c.extraKeys(), c.differentKeys(), record.status().name(), record.lastError());
        }
    }

    /** One installation's comparison; a FAILED data type counts as one mismatch. */
    public record Result(String installation, String runId, List<TypeResult> types) {
        public long mismatches() {
            return types.stream().mapToLong(t -> t.mismatches() + ("FAILED".equals(t.status()) ? 1 : 0)).sum();
        }

        public long sourceRows() {
            return types.stream().mapToLong(TypeResult::sourceRows).sum();
        }

        public long destinationRows() {
            return types.stream().mapToLong(TypeResult::destinationRows).sum();
        }

        public long repaired() {
            return types.stream().mapToLong(TypeResult::repaired).sum();
        }
    }

    public Result verify(InstallationId installation) {
        return verify(installation, false);
    }

    /**
     * Compares every data type, in plan order, as one verification run.
     *
     * @param repair upsert missing and different rows from the source, delete extra ones
     * @throws FerryException on a retryable failure (the run can simply be started again)
     */
    public Result verify(InstallationId installation, boolean repair) {
        if (repair && !verifier.canRepair()) {
            throw new IllegalStateException("this verification has no row sink to repair with");
        }
        String runId = RunIds.next(clock);
        List<TypeResult> results = new ArrayList<>();
        for (DataType type : plan.dataTypes()) {
            results.add(TypeResult.of(verifier.run(installation, type, runId, repair, null).record()));
        }
        return new Result(installation.value(), runId, results);
    }
}
