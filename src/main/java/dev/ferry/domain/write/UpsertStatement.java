package dev.ferry.domain.write;

import java.util.List;

/** One parameterized multi-row statement ready to send: SQL text with {@code ?} and its values (null binds SQL NULL). */
public record UpsertStatement(String sql, List<Object> parameters, int rowCount, long estimatedBytes) {
}
