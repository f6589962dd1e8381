package dev.ferry.local.sample;

import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;

/**
 * The default sample data set, loaded once per test JVM into a database of its own (dropped at
 * JVM exit), plus one installation without rows. Tests must not change its rows.
 */
final class SampleFixture {

    static final String EMPTY_INSTALLATION = "empty-ember";

    private static SampleFixture loaded;

    final TestDatabase database;
    final SampleSourceDatabase source;
    final SampleDataSet dataSet = SampleDataSet.defaults();
    final long loadMillis;

    private SampleFixture() {
        database = TestMySql.uniqueDatabase("sample");
        long started = System.nanoTime();
        source = SampleSourceDatabase.createAndLoad(database.server(), database.name(), dataSet);
        loadMillis = (System.nanoTime() - started) / 1_000_000;
        source.addInstallation(EMPTY_INSTALLATION, "PENDING");
    }

    static synchronized SampleFixture defaultData() {
        if (loaded == null) {
            loaded = new SampleFixture();
        }
        return loaded;
    }
}
