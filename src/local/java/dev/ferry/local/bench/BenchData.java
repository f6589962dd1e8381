package dev.ferry.local.bench;

import dev.ferry.local.LoadDataSet;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.NarrowRows;
import dev.ferry.local.sample.SampleDataGenerator;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleSchema;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SampleTable;
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
 * replaced by a large one, e.g. 512 KiB), and one of narrow rows. Both are
 * loaded PENDING, so the tracker leaves them alone until the Ferry step makes one READY.
 */
final class BenchData {
    static final String MIX_INSTALLATION = "bench-mix";
    static final String NARROW_INSTALLATION = "bench-narrow";

    private BenchData() {
    }

    /** Generates and loads the mixed installation; returns its shape. */
    static Shape loadMix(SampleSourceDatabase source, int rows, int largeBinaryEvery, int largeBinaryBytes) {
        InstallationSpec split = LoadDataSet.of(1, rows).installations().get(0);
        InstallationSpec spec = new InstallationSpec(MIX_INSTALLATION, split.projects(), split.issues(), split.attachments(),
                split.watchers());
        SampleDataGenerator.GeneratedInstallation generated = SampleDataGenerator.generate(
                new SampleDataSet(SampleDataSet.DEFAULT_SEED, List.of(spec)), MIX_INSTALLATION);
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
        source.loadInstallation(MIX_INSTALLATION, "PENDING", tables);
        return new Shape(BenchSettings.MIX, MIX_INSTALLATION, counts);
    }

    /** Generates and loads the narrow installation; returns its shape. */
    static Shape loadNarrow(SampleSourceDatabase source, int rows) {
        source.loadInstallation(NARROW_INSTALLATION, "PENDING",
                Map.of(SampleSchema.EVENTS, NarrowRows.rows(SampleDataSet.DEFAULT_SEED, 1, rows)));
        return new Shape(BenchSettings.NARROW, NARROW_INSTALLATION, Map.of(SampleSchema.EVENTS.dataType(), (long) rows));
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
