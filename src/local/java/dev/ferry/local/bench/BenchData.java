package dev.ferry.local.bench;

import dev.ferry.local.LoadDataSet;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.NarrowRows;
import dev.ferry.local.sample.SampleDataGenerator;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleSchema;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SampleTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bench's data, generated and bulk-loaded into the sample source once per run: one installation
 * with the sample's mix of types (3% projects, 50% issues, 13% attachments,
 * and 34% issue watchers, as the local run's load mode splits them; optionally every n-th attachment
 * replaced by a large one, e.g. 512 KiB), and one of narrow rows; each with a warm-up installation of the same
 * shape and fewer rows ({@code <installation>-warmup}), when asked for. All are loaded PENDING, so the tracker
 * leaves them alone until the Ferry step makes one READY.
 */
final class BenchData {
    static final String MIX_INSTALLATION = "bench-mix";
    static final String NARROW_INSTALLATION = "bench-narrow";

    private BenchData() {
    }

    /** Generates and loads the mixed installation (and its warm-up of {@code warmUpRows}, unless 0); returns its shape. */
    static Shape loadMix(SampleSourceDatabase source, int rows, int largeBinaryEvery, int largeBinaryBytes, int warmUpRows) {
        List<InstallationSpec> specs = new ArrayList<>(List.of(mixSpec(MIX_INSTALLATION, rows)));
        String warmUp = warmUpRows > 0 ? warmUpOf(MIX_INSTALLATION) : "";
        if (warmUpRows > 0) {
            specs.add(mixSpec(warmUp, warmUpRows));
        }
        // one data set: the source's ids are global across installations, and its generator keeps them apart
        SampleDataSet dataSet = new SampleDataSet(SampleDataSet.DEFAULT_SEED, specs);
        if (warmUpRows > 0) {
            loadMix(source, dataSet, warmUp, largeBinaryEvery, largeBinaryBytes);
        }
        return new Shape(BenchSettings.MIX, MIX_INSTALLATION,
                loadMix(source, dataSet, MIX_INSTALLATION, largeBinaryEvery, largeBinaryBytes), warmUp);
    }

    /** Generates and loads the narrow installation (and its warm-up of {@code warmUpRows}, unless 0); returns its shape. */
    static Shape loadNarrow(SampleSourceDatabase source, int rows, int warmUpRows) {
        String warmUp = warmUpRows > 0 ? warmUpOf(NARROW_INSTALLATION) : "";
        if (warmUpRows > 0) { // ids after the timed installation's: the source's ids are global
            loadNarrow(source, warmUp, rows + 1L, warmUpRows);
        }
        return new Shape(BenchSettings.NARROW, NARROW_INSTALLATION, loadNarrow(source, NARROW_INSTALLATION, 1, rows), warmUp);
    }

    static String warmUpOf(String installation) {
        return installation + "-warmup";
    }

    private static InstallationSpec mixSpec(String installation, int rows) {
        InstallationSpec split = LoadDataSet.of(1, rows).installations().get(0);
        return new InstallationSpec(installation, split.projects(), split.issues(), split.attachments(), split.watchers());
    }

    private static Map<String, Long> loadMix(SampleSourceDatabase source, SampleDataSet dataSet, String installation,
                                             int largeBinaryEvery, int largeBinaryBytes) {
        SampleDataGenerator.GeneratedInstallation generated = SampleDataGenerator.generate(dataSet, installation);
        Map<SampleTable, Iterator<List<Object>>> tables = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SampleTable table : SampleSchema.tables()) {
            List<List<Object>> tableRows = generated.rows(table.dataType());
            Iterator<List<Object>> it = tableRows.iterator();
            if (table == SampleSchema.ATTACHMENTS && largeBinaryEvery > 0) {
                it = withLargeBinaries(it, largeBinaryEvery, largeBinaryBytes);
            }
            tables.put(table, it);
            counts.put(table.dataType(), (long) tableRows.size());
        }
        source.loadInstallation(installation, "PENDING", tables);
        return counts;
    }

    private static Map<String, Long> loadNarrow(SampleSourceDatabase source, String installation, long firstId, int rows) {
        source.loadInstallation(installation, "PENDING",
                Map.of(SampleSchema.EVENTS, NarrowRows.rows(SampleDataSet.DEFAULT_SEED, firstId, rows)));
        return Map.of(SampleSchema.EVENTS.dataType(), (long) rows);
    }

    /** Every n-th attachment (from the n-th on) with {@code bytes} of seeded random content instead of its own. */
    private static Iterator<List<Object>> withLargeBinaries(Iterator<List<Object>> rows, int every, int bytes) {
        int content = SampleSchema.ATTACHMENTS.columnNames().indexOf("content");
        Random random = new Random(SampleDataSet.DEFAULT_SEED);
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Object> next() {
                List<Object> row = rows.next();
                if (++index % every != 0) {
                    return row;
                }
                Object[] values = row.toArray();
                byte[] large = new byte[bytes];
                random.nextBytes(large);
                values[content] = large;
                return Collections.unmodifiableList(Arrays.asList(values));
            }
        };
    }
}
