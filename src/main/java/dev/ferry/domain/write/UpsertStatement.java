package dev.ferry.domain.write;

import java.util.List;

/**
 * One parameterized multi-row statement ready to send: SQL text with {@code ?} and its values (null binds SQL NULL).
 *
 * @param carriesBinaries whether a value is a {@code byte[]} (known from planning, so a sink need not scan the values)
 */
public record UpsertStatement(String sql, List<Object> parameters, int rowCount, long estimatedBytes,
                              boolean carriesBinaries) {
    /** A statement whose binaries are found by looking at its values. */
    public UpsertStatement(String sql, List<Object> parameters, int rowCount, long estimatedBytes) {
        this(sql, parameters, rowCount, estimatedBytes, parameters.stream().anyMatch(v -> v instanceof byte[]));
    }
}
