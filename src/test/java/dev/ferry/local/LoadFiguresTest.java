package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadFiguresTest {
    private static final long MIB = 1024L * 1024L;

    @Test
    void shouldFormatOneLine_withEveryFigure() {
        // given
        LoadFigures figures = new LoadFigures(100, 100_000, Duration.ofMillis(74_400), 1_234, 9, 16, 301 * MIB + 12_345,
                80 * MIB, 512 * MIB, 2, 1, 0);

        // when / then
        assertThat(figures.line()).isEqualTo("load: 100 installations, 100,000 rows in 74 s (1,344 rows/s),"
                + " 1,234 worker invocations, peak connections 9/16, peak heap 301 MiB of 512 MiB"
                + " (at most 80 MiB after GC), 3 errors (2 records retried, 1 jobs failed), DLQ 0");
    }

    @Test
    void shouldCountErrors_asRecordsRetriedPlusJobsFailed() {
        // given
        LoadFigures figures = new LoadFigures(1, 10, Duration.ofSeconds(1), 1, 1, 1, 0, 0, 0, 4, 3, 7);

        // when / then
        assertThat(figures.errors()).isEqualTo(7);
    }

    @Test
    void shouldReportNoLimitAndNoRate_forAnUnboundedHeapAndAZeroDuration() {
        // given
        LoadFigures figures = new LoadFigures(2, 500, Duration.ZERO, 3, 1, 16, 2 * MIB, MIB, -1, 0, 0, 0);

        // when / then
        assertThat(figures.rowsPerSecond()).isZero();
        assertThat(figures.line()).contains("500 rows in 0 s (0 rows/s)", "peak heap 2 MiB of no limit (at most 1 MiB after GC)",
                "0 errors (0 records retried, 0 jobs failed), DLQ 0");
    }

    @Test
    void shouldRoundToWholeSecondsAndMebibytes() {
        // given
        LoadFigures figures = new LoadFigures(100, 98_700, Duration.ofMillis(73_600), 0, 16, 16, 1_536 * MIB - 1,
                0, 2_048 * MIB, 0, 0, 0);

        // when / then
        assertThat(figures.line()).contains("98,700 rows in 74 s (1,341 rows/s)", "peak connections 16/16",
                "peak heap 1,536 MiB of 2,048 MiB");
    }
}
