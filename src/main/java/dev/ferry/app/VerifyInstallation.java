package dev.ferry.app;

import dev.ferry.app.port.DestinationReader;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares an installation's destination with the source, row by row by content hash: the source
 * is read through the remote contract (every page, converted as the worker converts it), the
 * destination through its database. Reports rows missing at the destination, extra there, and
 * present on both sides with different content, by primary key.
 */
public final class VerifyInstallation {
    private static final int SAMPLE_KEYS = 5;
    private final MigrationPlan plan;
    private final RemoteSource remote;
    private final DestinationReader destination;

    public VerifyInstallation(MigrationPlan plan, RemoteSource remote, DestinationReader destination) {
        this.plan = plan;
        this.remote = remote;
        this.destination = destination;
    }

    /** One data type's comparison, with a few example keys of each kind of difference. */
    public record TypeResult(String dataType, long sourceRows, long destinationRows, long missing, long extra,
                             long different, List<String> exampleKeys) {
        public long mismatches() {
            return missing + extra + different;
        }
    }

    /** One installation's comparison. */
    public record Result(String installation, List<TypeResult> types) {
        public long mismatches() {
            return types.stream().mapToLong(TypeResult::mismatches).sum();
        }

        public long sourceRows() {
            return types.stream().mapToLong(TypeResult::sourceRows).sum();
        }

        public long destinationRows() {
            return types.stream().mapToLong(TypeResult::destinationRows).sum();
        }
    }

    public Result verify(InstallationId installation) {
        List<TypeResult> results = new ArrayList<>();
        for (DataType type : plan.dataTypes()) {
            results.add(verify(installation, type));
        }
        return new Result(installation.value(), results);
    }

    private TypeResult verify(InstallationId installation, DataType type) {
        int[] pk = type.primaryKeyIndexes();
        Map<List<Object>, RowHash> source = new HashMap<>();
        Cursor after = null;
        RemotePage page;
        do {
            page = remote.fetchPage(installation, type, after, type.pageSize());
            for (Row row : PageConverter.convert(type, page)) {
                source.put(key(row, pk), RowHash.of(row));
            }
            after = page.next();
        } while (!page.isLast());
        long sourceRows = source.size();
        long[] counts = new long[3]; // destination rows, extra, different
        List<String> examples = new ArrayList<>();
        destination.forEachRow(installation, type, row -> {
            counts[0]++;
            List<Object> key = key(row, pk);
            RowHash expected = source.remove(key);
            if (expected == null) {
                counts[1]++;
                example(examples, "extra " + key);
            } else if (!expected.equals(RowHash.of(row))) {
                counts[2]++;
                example(examples, "different " + key);
            }
        });
        source.keySet().stream().limit(SAMPLE_KEYS).forEach(k -> example(examples, "missing " + k));
        return new TypeResult(type.name(), sourceRows, counts[0], source.size(), counts[1], counts[2], examples);
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < SAMPLE_KEYS * 3) {
            examples.add(text);
        }
    }

    /** A primary key as comparable values: numbers by value, so 7 and 7.0 are the same key. */
    private static List<Object> key(Row row, int[] pk) {
        List<Object> key = new ArrayList<>(pk.length);
        for (int i : pk) {
            Object v = row.get(i);
            key.add(v instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                    : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v);
        }
        return key;
    }
}
