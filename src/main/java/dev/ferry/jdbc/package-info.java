/**
 * The JDBC conventions every MySQL-compatible adapter shares, the dual-write helper's and Ferry's own
 * alike: {@link dev.ferry.jdbc.SqlErrorClassifier} (transient or not, the server's error code,
 * a value-free phrase) and {@link dev.ferry.jdbc.AutoCommitConnections} (one auto-committed
 * statement per borrowed connection, never left borrowed on failure).
 *
 * <p>It is the one package the app-side artifact ({@code ferry-*-app-side.jar}: the token verifier and the
 * dual-write helper, built from {@code src/app/java}) shares with the functions, so it depends on nothing
 * else of Ferry's: only {@code java.sql} and {@code javax.sql}.
 */
package dev.ferry.jdbc;
