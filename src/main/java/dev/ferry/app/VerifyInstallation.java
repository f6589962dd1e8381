package dev.ferry.app;

import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares an installation's destination with its source, row by row by content hash (computed by
 * Ferry, not by either database). The source is any {@link RowReader}: the remote through its
 * contract ({@link RemoteRowReader}) or, where Ferry can reach it, the source database itself.
 * Reports rows missing at the destination, extra there, and present on both sides with different
 * content, by primary key. Holds one hash per source row of one data type in memory.
 */
public final class VerifyInstallation {
    private static final int SAMPLE_KEYS = 5;
    private final MigrationPlan plan;
    private final RowReader source;
    private final RowReader destination;

    public VerifyInstallation(MigrationPlan plan, RowReader source, RowReader destination) {
        this.plan = plan;
        this.source = source;
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
        Map<List<Object>, RowHash> expected = new HashMap<>();
        source.forEachRow(installation, type, row -> expected.put(key(row, pk), RowHash.of(row)));
        long sourceRows = expected.size();
        long[] counts = new long[3]; // destination rows, extra, different
        List<String> examples = new ArrayList<>();
        destination.forEachRow(installation, type, row -> {
            counts[0]++;
            List<Object> key = key(row, pk);
            RowHash hash = expected.remove(key);
            if (hash == null) {
                counts[1]++;
                example(examples, "extra " + key);
            } else if (!hash.equals(RowHash.of(row))) {
                counts[2]++;
                example(examples, "different " + key);
            }
        });
        expected.keySet().stream().limit(SAMPLE_KEYS).forEach(k -> example(examples, "missing " + k));
        return new TypeResult(type.name(), sourceRows, counts[0], expected.size(), counts[1], counts[2], examples);
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
