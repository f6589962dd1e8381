/**
 * The JDBC conventions every MySQL-compatible adapter shares, the dual-write helper's and Ferry's own
 * alike: {@link dev.ferry.dualwrite.jdbc.SqlErrorClassifier} (transient or not, the server's error code,
 * a value-free phrase) and {@link dev.ferry.dualwrite.jdbc.AutoCommitConnections} (one auto-committed
 * statement per borrowed connection, never left borrowed on failure).
 *
 * <p>It lives in the dual-write helper's package tree because that helper is embedded by apps and must
 * not depend on the rest of Ferry; Ferry's own MySQL adapters depend on it instead. Only
 * {@code java.sql} and {@code javax.sql}.
 */
package dev.ferry.dualwrite.jdbc;
