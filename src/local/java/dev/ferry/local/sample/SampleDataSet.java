package dev.ferry.local.sample;

import java.util.List;

/**
 * The installations of a sample data set and the seed that makes its data reproducible: the same
 * seed and installations always give the same rows.
 */
public record SampleDataSet(long seed, List<InstallationSpec> installations) {

    /** The seed of {@link #defaults()}. */
    public static final long DEFAULT_SEED = 20_240_301L;

    public SampleDataSet {
        installations = List.copyOf(installations);
        if (installations.stream().map(InstallationSpec::installationId).distinct().count() != installations.size()) {
            throw new IllegalArgumentException("Installation ids must be unique");
        }
    }

    /**
     * Four installations of different sizes, 21,800 rows in all: {@code alder-works} (12,000),
     * {@code birch-labs} (7,000), {@code cedar-health} (2,500) and {@code douglas-fir} (300).
     */
    public static SampleDataSet defaults() {
        return new SampleDataSet(DEFAULT_SEED, List.of(
                new InstallationSpec("alder-works", 400, 6_000, 1_600, 4_000),
                new InstallationSpec("birch-labs", 250, 3_500, 900, 2_350),
                new InstallationSpec("cedar-health", 80, 1_300, 320, 800),
                new InstallationSpec("douglas-fir", 10, 160, 40, 90)));
    }

    /** The installation of that id; throws if it is not part of the set. */
    public InstallationSpec installation(String installationId) {
        return installations.stream().filter(i -> i.installationId().equals(installationId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not in the data set: " + installationId));
    }

    /** The installation ids, in data set order. */
    public List<String> installationIds() {
        return installations.stream().map(InstallationSpec::installationId).toList();
    }

    /** All rows of all installations. */
    public long totalRows() {
        return installations.stream().mapToLong(InstallationSpec::totalRows).sum();
    }
}
