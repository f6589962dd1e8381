package dev.ferry.local.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What the bench runs, from system properties (the {@code bench} Maven profile passes its own).
 *
 * @param rows              rows of the mixed installation ({@code bench.rows}, default 300,000)
 * @param narrowRows        rows of the narrow installation ({@code bench.narrow-rows}, default 1,000,000: its timed run would otherwise last only seconds)
 * @param largeBinaryEvery  every n-th attachment of the mix gets {@code largeBinaryBytes} of content
 *                          ({@code bench.large-binary-every}, default 0: none; the sample's own mix goes up to 400 KiB)
 * @param largeBinaryBytes  the size of those ({@code bench.large-binary-bytes}, default 512 KiB)
 * @param maxRequestBytes   the largest statement, for the ceiling's upserts and Ferry's
 *                          {@code ferry.destination.max-request-bytes} ({@code bench.max-request-bytes}, default 1 MiB)
 * @param shapes            {@code mix} and/or {@code narrow} ({@code bench.shapes})
 * @param steps             {@code remote}, {@code ceiling}, {@code seed}, {@code ferry} ({@code bench.steps})
 * @param ferryJvmOptions   the Ferry JVM's options ({@code bench.ferry.jvm.options}, default {@code -Xmx512m})
 * @param concurrency       concurrent worker invocations in the Ferry run ({@code bench.concurrency}, default 4)
 * @param plan              the plan file ({@code bench.plan}, default {@code bench/plan.yaml})
 * @param out               where the figures go ({@code bench.out}, default {@code target/bench})
 * @param verify            verify Ferry's copy by content hash afterwards ({@code bench.verify}, default true)
 * @param keep              keep the bench's databases ({@code bench.keep}, default false)
 * @param remoteFromMemory  the sample remote serves the bench's pages rendered in advance, from memory
 *                          ({@code bench.remote=memory}, the default), or queries and encodes each page
 *                          ({@code bench.remote=database})
 * @param warmUpRows        rows of each shape's warm-up installation, moved untimed by the seed loop and by
 *                          Ferry's JVM before the timed one, as a Lambda container that has already handled work
 *                          ({@code bench.warm-up-rows}; default {@code same}, stored as {@link #SAME_AS_TIMED}: as
 *                          many as the timed installation, so the JIT has finished with the code the timed run
 *                          uses; 0: none, Ferry measured from a cold JVM)
 */
record BenchSettings(int rows, int narrowRows, int largeBinaryEvery, int largeBinaryBytes, int maxRequestBytes,
                     List<String> shapes, List<String> steps,
                     String ferryJvmOptions, int concurrency, Path plan, Path out, boolean verify, boolean keep,
                     boolean remoteFromMemory, int warmUpRows) {

    static final String MIX = "mix";
    /** {@link #warmUpRows}: a warm-up installation as large as the timed one. */
    static final int SAME_AS_TIMED = -1;
    static final String NARROW = "narrow";

    static BenchSettings fromSystemProperties() {
        int rows = intSetting("bench.rows", 300_000);
        return new BenchSettings(rows, intSetting("bench.narrow-rows", 1_000_000), intSetting("bench.large-binary-every", 0),
                intSetting("bench.large-binary-bytes", 512 * 1024), intSetting("bench.max-request-bytes", 1024 * 1024),
                listSetting("bench.shapes", "mix,narrow"), listSetting("bench.steps", "remote,ceiling,seed,ferry"),
                setting("bench.ferry.jvm.options", "-Xmx512m"), intSetting("bench.concurrency", 4),
                Path.of(setting("bench.plan", "bench/plan.yaml")).toAbsolutePath(),
                Path.of(setting("bench.out", "target/bench")).toAbsolutePath(),
                !"false".equals(setting("bench.verify", "true")), "true".equals(setting("bench.keep", "false")),
                remoteSetting(), warmUpSetting());
    }

    private static int warmUpSetting() {
        String rows = setting("bench.warm-up-rows", "same");
        if (rows.equals("same")) {
            return SAME_AS_TIMED;
        }
        int parsed = intSetting("bench.warm-up-rows", 0);
        if (parsed < 0) {
            throw new IllegalArgumentException("bench.warm-up-rows is same, 0 or a number of rows, not " + rows);
        }
        return parsed;
    }

    /** Rows of the warm-up installation for a shape of {@code timedRows}. */
    int warmUpRows(int timedRows) {
        return warmUpRows == SAME_AS_TIMED ? timedRows : warmUpRows;
    }

    private static boolean remoteSetting() {
        String remote = setting("bench.remote", "memory");
        if (!List.of("memory", "database").contains(remote)) {
            throw new IllegalArgumentException("bench.remote is memory or database, not " + remote);
        }
        return remote.equals("memory");
    }

    boolean runs(String step) {
        return steps.contains(step);
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int intSetting(String name, int fallback) {
        return Integer.parseInt(setting(name, Integer.toString(fallback)).replace("_", "").replace(",", ""));
    }

    private static List<String> listSetting(String name, String fallback) {
        return List.of(setting(name, fallback).split("\\s*,\\s*"));
    }
}
