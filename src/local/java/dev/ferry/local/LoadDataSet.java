package dev.ferry.local;

import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The data set of the local run's load mode: {@code n} sample installations of varied sizes whose
 * rows add up to exactly {@code n × rowsPerInstallation}. The same arguments always give the same
 * set (and so, through the sample generator, the same rows).
 *
 * <p>Each installation gets a size between {@value #MIN_WEIGHT}× and {@value #MAX_WEIGHT}× the
 * average, drawn from a seeded random, then split over the data types roughly as in the default
 * sample: 3% projects, 13% attachments, 34% issue watchers and the rest issues, at least one row
 * of each.
 */
public final class LoadDataSet {
    /** Installation ids are this prefix and a zero-padded number: {@code load-001}. */
    public static final String ID_PREFIX = "load-";
    /** The smallest allowed average size (one row of each data type for the smallest installation). */
    public static final int MIN_ROWS_PER_INSTALLATION = 20;
    public static final int MAX_INSTALLATIONS = 10_000;
    /** The average size when none is configured (also the default of {@link LocalConfig#rowsPerInstallation()}). */
    public static final int DEFAULT_ROWS_PER_INSTALLATION = 1_000;
    static final double MIN_WEIGHT = 0.4;
    static final double MAX_WEIGHT = 1.6;

    private LoadDataSet() {
    }

    /** {@code installations} installations averaging {@code rowsPerInstallation} rows each. */
    public static SampleDataSet of(int installations, int rowsPerInstallation) {
        if (installations < 1 || installations > MAX_INSTALLATIONS) {
            throw new IllegalArgumentException("installations must be 1 to " + MAX_INSTALLATIONS + ": " + installations);
        }
        if (rowsPerInstallation < MIN_ROWS_PER_INSTALLATION || (long) installations * rowsPerInstallation > 50_000_000L) {
            throw new IllegalArgumentException("rows per installation must be at least " + MIN_ROWS_PER_INSTALLATION
                    + " and the total at most 50,000,000: " + rowsPerInstallation);
        }
        int[] sizes = sizes(installations, rowsPerInstallation, new Random(SampleDataSet.DEFAULT_SEED + installations));
        int width = Math.max(3, Integer.toString(installations).length());
        List<InstallationSpec> specs = new ArrayList<>(installations);
        for (int i = 0; i < installations; i++) {
            specs.add(spec(ID_PREFIX + String.format("%0" + width + "d", i + 1), sizes[i]));
        }
        return new SampleDataSet(SampleDataSet.DEFAULT_SEED, specs);
    }

    /** Sizes proportional to seeded weights, rounded so that they sum to exactly {@code n × average}. */
    private static int[] sizes(int n, int average, Random random) {
        double[] weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = MIN_WEIGHT + (MAX_WEIGHT - MIN_WEIGHT) * random.nextDouble();
            sum += weights[i];
        }
        long total = (long) n * average;
        int[] sizes = new int[n];
        long assigned = 0;
        for (int i = 0; i < n; i++) {
            sizes[i] = (int) Math.floor(weights[i] * total / sum);
            assigned += sizes[i];
        }
        for (int i = 0; assigned < total; i = (i + 1) % n) { // hand out the rounding remainder
            sizes[i]++;
            assigned++;
        }
        return sizes;
    }

    /** Splits one installation's rows over the data types. */
    static InstallationSpec spec(String id, int rows) {
        if (rows < 4) {
            throw new IllegalArgumentException("An installation needs at least 4 rows: " + rows);
        }
        int projects = Math.max(1, rows * 3 / 100);
        int attachments = Math.max(1, rows * 13 / 100);
        int watchers = Math.max(1, rows * 34 / 100);
        int issues = rows - projects - attachments - watchers;
        return new InstallationSpec(id, projects, issues, attachments, watchers);
    }
}
