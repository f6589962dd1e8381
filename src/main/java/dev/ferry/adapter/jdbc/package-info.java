/**
 * The one JDBC layer of Ferry's MySQL adapters ({@code adapter/mysql}, {@code adapter/blocks}):
 * {@link dev.ferry.adapter.jdbc.Connections} opens auto-commit connections and reports a failure to get
 * one as unavailability; {@link dev.ferry.adapter.jdbc.SqlErrors} describes SQL errors without values.
 * Both classify through {@code dev.ferry.jdbc}, shared with the dual-write helper.
 */
package dev.ferry.adapter.jdbc;
