package dev.ferry.app.verify;

import static dev.ferry.app.verify.MemoryTable.ITEMS;
import static dev.ferry.app.verify.MemoryTable.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.VerificationStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.VerificationCounts;
import dev.ferry.domain.verify.VerificationStatus;
import dev.ferry.testing.InMemoryVerificationStore;
import dev.ferry.testing.ManualClock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The comparison engine over an in-memory remote (checksum endpoint or pages) and an in-memory destination. */
class ChunkedComparisonTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private final ManualClock clock = ManualClock.startingAt("2026-01-01T00:00:00Z");
    private final VerifySettings settings = VerifySettings.defaults().withChunkRows(100).withLeafRows(8);

    private VerifyDataType verifier(MemoryTable source, MemoryTable destination, VerificationStore store,
                                    VerifySettings settings) {
        return new VerifyDataType(new RemoteChunkSource(source, source.endpoint(), settings), destination, destination, destination,
                store, clock, settings);
    }

    private VerificationCounts verify(MemoryTable source, MemoryTable destination, boolean repair) {
        return verifier(source, destination, VerificationStore.NONE, settings).run(ACME, ITEMS, "run-1", repair, null)
                .record().counts();
    }

    @ParameterizedTest(name = "checksum endpoint: {0}")
    @ValueSource(booleans = {true, false})
    void shouldReportMissingExtraAndDifferentRowsByKey_whenARowMissingEarlyShiftsEveryLaterRow(boolean endpoint) {
        // given a source of 1,000 rows, and a destination that lacks row 3 (so every later row sits one
        // place earlier), has row 700 changed and holds rows 1,001 and 350.5's neighbour 2,000 the source lacks
        MemoryTable source = MemoryTable.items(1_000);
        source.checksumEndpoint = endpoint;
        source.rows.remove(RowKey.of(500L));
        MemoryTable destination = MemoryTable.items(1_000);
        destination.rows.remove(RowKey.of(3L));
        destination.put(item(700, "changed"));
        destination.put(item(2_000, "only here"));

        // when verifying
        VerificationCounts counts = verify(source, destination, false);

        // then exactly those rows are reported, by key, and nothing else
        assertThat(counts.missingKeys()).containsExactly("[3]");
        assertThat(counts.differentKeys()).containsExactly("[700]");
        assertThat(counts.extraKeys()).containsExactlyInAnyOrder("[500]", "[2000]");
        assertThat(counts.missing() + counts.extra() + counts.different()).isEqualTo(4);
        assertThat(counts.sourceRows()).isEqualTo(999);
        assertThat(counts.destinationRows()).isEqualTo(1_000);
    }

    @Test
    void shouldReadOnlyTheRowsOfMismatchingChunks_becauseChunksAreKeyRangesNotRowCounts() {
        // given a destination missing its very first row, and a different row near the end
        MemoryTable source = MemoryTable.items(1_000);
        MemoryTable destination = source.copy();
        destination.rows.remove(RowKey.of(1L));
        destination.put(item(950, "changed"));

        // when verifying through the checksum endpoint
        VerificationCounts counts = verify(source, destination, false);

        // then only the two differences are found, and every chunk between them matched despite the shift
        assertThat(counts.missingKeys()).containsExactly("[1]");
        assertThat(counts.differentKeys()).containsExactly("[950]");
        assertThat(counts.extra()).isZero();
        assertThat(counts.sourceRowsRead()).isLessThanOrEqualTo(2 * 8);
    }

    @Test
    void shouldBisectDownToTheOneDifferingRow_inALargeTable_readingFewSourceRows() {
        // given 200,000 rows on both sides, one of them changed at the destination
        MemoryTable source = MemoryTable.items(200_000);
        MemoryTable destination = source.copy();
        destination.put(item(123_457, "corrupted"));

        // when verifying with chunks of 1,000 rows, bisected down to 16
        VerificationCounts counts = verifier(source, destination, VerificationStore.NONE,
                VerifySettings.defaults()).run(ACME, ITEMS, "run-1", false, null).record().counts();

        // then the row is found by key, reading at most one leaf's rows from the source
        assertThat(counts.differentKeys()).containsExactly("[123457]");
        assertThat(counts.differences()).isEqualTo(1);
        assertThat(counts.sourceRowsRead()).isLessThanOrEqualTo(16);
        assertThat(source.rowsServed).isLessThanOrEqualTo(16);
        assertThat(counts.chunks()).isEqualTo(200);
    }

    @ParameterizedTest(name = "checksum endpoint: {0}")
    @ValueSource(booleans = {true, false})
    void shouldRepairEveryDifference_soThatVerifyingAgainFindsNone(boolean endpoint) {
        // given a destination with a missing, an extra and a different row
        MemoryTable source = MemoryTable.items(450);
        source.checksumEndpoint = endpoint;
        MemoryTable destination = source.copy();
        destination.rows.remove(RowKey.of(42L));
        destination.put(item(43, "corrupted"));
        destination.put(item(9_999, "stray"));

        // when verifying with repair
        VerificationCounts repaired = verify(source, destination, true);

        // then all three were found and repaired, and the destination now equals the source
        assertThat(repaired.differences()).isEqualTo(3);
        assertThat(repaired.repaired()).isEqualTo(3);
        assertThat(destination.rows).isEqualTo(source.rows);
        assertThat(verify(source, destination, false).differences()).isZero();
    }

    @Test
    void shouldFindEveryDestinationRowExtra_whenTheSourceIsEmpty() {
        // given an empty source and a destination of 250 rows
        MemoryTable source = new MemoryTable();
        MemoryTable destination = MemoryTable.items(250);

        // when verifying
        VerificationCounts counts = verify(source, destination, false);

        // then all of them are extra, and a bounded number of keys is kept
        assertThat(counts.extra()).isEqualTo(250);
        assertThat(counts.extraKeys()).hasSize(settings.sampleKeys()).startsWith("[1]");
    }

    @Test
    void shouldPauseBetweenChunks_whenTimeRunsOut_andResumeToTheSameResult() {
        // given a destination with differences spread over the whole table, and a store for the run
        MemoryTable source = MemoryTable.items(1_000);
        MemoryTable destination = source.copy();
        destination.rows.remove(RowKey.of(5L));
        destination.put(item(555, "changed"));
        destination.put(item(995, "changed"));
        InMemoryVerificationStore store = new InMemoryVerificationStore();
        VerifyDataType verifier = verifier(source, destination, store, settings.withBudget(0, 0));

        // when each step has time for about one chunk
        AtomicLong remaining = new AtomicLong();
        int steps = 0;
        VerifyDataType.Step step;
        do {
            remaining.set(1);
            step = verifier.run(ACME, ITEMS, "run-1", false, () -> remaining.getAndSet(0));
            steps++;
        } while (step.result() == VerifyDataType.StepResult.PAUSED && steps < 100);

        // then it took several steps and found exactly what one uninterrupted pass finds
        assertThat(steps).isGreaterThan(2);
        assertThat(step.result()).isEqualTo(VerifyDataType.StepResult.FINISHED);
        assertThat(step.record().status()).isEqualTo(VerificationStatus.DONE);
        assertThat(step.record().counts()).isEqualTo(verify(source, destination, false));
        // and a repeated delivery of the finished step does nothing
        assertThat(verifier.run(ACME, ITEMS, "run-1", false, null).result())
                .isEqualTo(VerifyDataType.StepResult.ALREADY_FINISHED);
    }
}
