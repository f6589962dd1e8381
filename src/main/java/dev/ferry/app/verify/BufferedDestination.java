package dev.ferry.app.verify;

import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A destination given only as a {@link RowReader} (a whole-table stream): its keys and hashes are
 * read once per data type and kept in memory (about a hundred bytes a row), then served by range.
 * For local tools and tests; the worker reads the database by key range instead.
 */
final class BufferedDestination implements DestinationEntries {
    private final RowReader reader;
    private String loadedFor;
    private List<KeyHash> loaded = List.of();

    BufferedDestination(RowReader reader) {
        this.reader = reader;
    }

    @Override
    public synchronized List<KeyHash> entries(InstallationId installation, DataType dataType, RowKey after, RowKey upTo,
                                              int limit) {
        String what = installation.value() + "/" + dataType.name();
        if (!what.equals(loadedFor)) {
            List<KeyHash> all = new ArrayList<>();
            reader.forEachRow(installation, dataType, row -> all.add(KeyHash.of(dataType, row)));
            all.sort(Comparator.comparing(KeyHash::key));
            loaded = all;
            loadedFor = what;
        }
        int from = firstAfter(after);
        List<KeyHash> out = new ArrayList<>(Math.min(limit, 1024));
        for (int i = from; i < loaded.size() && out.size() < limit; i++) {
            KeyHash entry = loaded.get(i);
            if (upTo != null && entry.key().compareTo(upTo) > 0) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    /** Index of the first entry whose key is greater than {@code after}. */
    private int firstAfter(RowKey after) {
        if (after == null) {
            return 0;
        }
        int lo = 0;
        int hi = loaded.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (loaded.get(mid).key().compareTo(after) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
