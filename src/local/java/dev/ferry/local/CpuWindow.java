package dev.ferry.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the machine's CPU went during a timed window of the bench's Ferry step: this JVM (Ferry), its parent
 * process (the bench's JVM: the remote, SQS and the source's pool) and the rest of the machine (the database
 * server, and anything else running). Each as cores busy on average over the window, so a slow remote or a busy
 * database shows beside Ferry's own cost in the same run.
 *
 * <p>Machine-wide figures come from Linux's {@code /proc/stat}; elsewhere, and when the parent's CPU time is not
 * readable, those shares are absent (negative). Snapshots are cheap: take one at each end of the window.
 */
public final class CpuWindow {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private CpuWindow() {
    }

    /**
     * One moment's counters; {@code parentCpuNanos} and the tick counts are -1 when unknown.
     *
     * @param busyTicks  machine-wide ticks spent neither idle nor waiting for I/O, since boot
     * @param totalTicks machine-wide ticks of every kind, since boot (all cores)
     */
    public record Snapshot(long nanos, long ownCpuNanos, long parentCpuNanos, long busyTicks, long totalTicks) {
    }

    /** Average cores busy over a window; a share is negative when it could not be measured. */
    public record Shares(double seconds, double ownCores, double parentCores, double restCores, int machineCores) {
    }

    /** The counters now. */
    public static Snapshot take() {
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long parent = ProcessHandle.current().parent().flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(-1L);
        long busy = -1;
        long total = -1;
        try (BufferedReader reader = Files.newBufferedReader(PROC_STAT)) {
            String first = reader.readLine(); // the aggregate line; the per-core lines after it are not needed
            long[] ticks = first == null ? new long[0] : ticks(first);
            if (ticks.length > 0) {
                busy = ticks[0];
                total = ticks[1];
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: machine-wide shares stay unknown
        }
        return new Snapshot(System.nanoTime(), own, parent, busy, total);
    }

    /** The shares between two snapshots of this process ({@code from} taken first). */
    public static Shares between(Snapshot from, Snapshot to, int machineCores) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        if (seconds <= 0) {
            return new Shares(0, -1, -1, -1, machineCores);
        }
        double own = (to.ownCpuNanos() - from.ownCpuNanos()) / 1e9 / seconds;
        double parent = from.parentCpuNanos() < 0 || to.parentCpuNanos() < 0 ? -1
                : (to.parentCpuNanos() - from.parentCpuNanos()) / 1e9 / seconds;
        double rest = -1;
        long totalTicks = to.totalTicks() - from.totalTicks();
        if (from.totalTicks() >= 0 && to.totalTicks() >= 0 && totalTicks > 0 && parent >= 0) {
            double machineBusy = (double) (to.busyTicks() - from.busyTicks()) / totalTicks * machineCores;
            rest = Math.max(0, machineBusy - own - parent);
        }
        return new Shares(seconds, own, parent, rest, machineCores);
    }

    /**
     * From the aggregate {@code cpu} line of {@code /proc/stat} ({@code cpu user nice system idle iowait irq softirq
     * steal guest guest_nice}, in ticks): {busy, total}, where busy leaves out idle and iowait, and guest time (already
     * counted in user) is not added again. An empty array when the line is not that line.
     */
    static long[] ticks(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
            return new long[0];
        }
        long total = 0;
        long idle = 0;
        int counted = Math.min(fields.length - 1, 8); // user … steal; guest and guest_nice are inside user and nice
        for (int i = 1; i <= counted; i++) {
            long value = Long.parseLong(fields[i]);
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new long[] {total - idle, total};
    }

    /** {@code 1.02} style, or "unknown" for a share that could not be measured. */
    public static String cores(double share) {
        return share < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", share);
    }
}
