package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuWindowTest {

    @Test
    void shouldCountBusyTicks_withoutIdleIowaitOrGuestTwice() {
        // given: user nice system idle iowait irq softirq steal guest guest_nice
        String line = "cpu  100 5 50 1000 20 3 2 1 40 0";

        // when
        long[] ticks = CpuWindow.ticks(line);

        // then: busy = 100 + 5 + 50 + 3 + 2 + 1; total adds idle 1000 and iowait 20; guest is inside user
        assertThat(ticks).containsExactly(161, 1181);
    }

    @Test
    void shouldRefuseALineThatIsNotTheAggregateCpuLine() {
        assertThat(CpuWindow.ticks("cpu0 1 2 3 4 5")).isEmpty();
        assertThat(CpuWindow.ticks("intr 12 3")).isEmpty();
        assertThat(CpuWindow.ticks("cpu 1 2")).isEmpty();
    }

    @Test
    void shouldSplitTheMachine_intoThisJvmItsParentAndTheRest() {
        // given: 2 s, this JVM 1.5 CPU-seconds, its parent 0.5; the machine (4 cores) 50% busy
        CpuWindow.Snapshot from = new CpuWindow.Snapshot(0, 0, 0, 1_000, 10_000);
        CpuWindow.Snapshot to = new CpuWindow.Snapshot(2_000_000_000L, 1_500_000_000L, 500_000_000L, 1_400, 10_800);

        // when
        CpuWindow.Shares shares = CpuWindow.between(from, to, 4);

        // then: 2 cores busy in all, 0.75 of them here, 0.25 in the parent, 1.0 elsewhere
        assertThat(shares.seconds()).isEqualTo(2.0);
        assertThat(shares.ownCores()).isEqualTo(0.75);
        assertThat(shares.parentCores()).isEqualTo(0.25);
        assertThat(shares.restCores()).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveTheRestUnknown_whenTheMachineOrTheParentCannotBeRead() {
        // given
        CpuWindow.Snapshot from = new CpuWindow.Snapshot(0, 0, -1, -1, -1);
        CpuWindow.Snapshot to = new CpuWindow.Snapshot(1_000_000_000L, 250_000_000L, -1, -1, -1);

        // when
        CpuWindow.Shares shares = CpuWindow.between(from, to, 2);

        // then
        assertThat(shares.ownCores()).isEqualTo(0.25);
        assertThat(shares.parentCores()).isNegative();
        assertThat(shares.restCores()).isNegative();
        assertThat(CpuWindow.cores(shares.restCores())).isEqualTo("unknown");
        assertThat(CpuWindow.cores(shares.ownCores())).isEqualTo("0.25");
    }

    @Test
    void shouldSeeThisJvmBusy_whileItComputes() {
        // given
        assumeThat(Files.isReadable(Path.of("/proc/stat"))).as("Linux").isTrue();
        CpuWindow.Snapshot from = CpuWindow.take();

        // when: one thread busy for about 300 ms
        long until = System.nanoTime() + 300_000_000L;
        long sink = 0;
        while (System.nanoTime() < until) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        CpuWindow.Shares shares = CpuWindow.between(from, CpuWindow.take(), Runtime.getRuntime().availableProcessors());

        // then: this JVM was busy for a good part of a core, and the machine's counters were read
        assertThat(sink).isNotNegative();
        assertThat(shares.ownCores()).isGreaterThan(0.3);
        assertThat(shares.parentCores()).isNotNegative();
        assertThat(shares.restCores()).isNotNegative();
    }
}
