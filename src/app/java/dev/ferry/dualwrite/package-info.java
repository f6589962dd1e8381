/**
 * Dual writes for an app in migration: every write goes to a primary {@link dev.ferry.dualwrite.Side}
 * and then to a mirror side, so the app can roll back to either database.
 *
 * <ul>
 *   <li>{@link dev.ferry.dualwrite.DualWriter} applies a {@link dev.ferry.dualwrite.Write} to the primary
 *       (its failure propagates, the mirror is not touched) and then to the mirror, sequentially (default)
 *       or on a caller's {@link java.util.concurrent.Executor}. A failed mirror write never fails the
 *       call: it is recorded in a {@link dev.ferry.dualwrite.MirrorFailureLog}, one pending entry per
 *       (installation, data type, primary key).</li>
 *   <li>{@link dev.ferry.dualwrite.MirrorRepair} later copies each pending row's <em>current</em> state
 *       from the primary (a {@link dev.ferry.dualwrite.PrimaryReader}) to the mirror and deletes the
 *       entry, which makes repair idempotent and independent of the order of the original writes.</li>
 *   <li>{@link dev.ferry.dualwrite.JdbcSide} and {@link dev.ferry.dualwrite.JdbcMirrorFailureLog} are
 *       ready adapters for MySQL-compatible databases (TiDB, MySQL, MariaDB): one auto-committed
 *       statement per change, values only as parameters, identifiers validated and back-quoted.</li>
 * </ul>
 *
 * <p>The core classes use only {@code java.*}; the JDBC adapters use {@code java.sql}/{@code javax.sql}, and
 * open connections and classify SQL errors through {@link dev.ferry.jdbc}, which Ferry's own
 * MySQL adapters share. Nothing in this package tree depends on the rest of Ferry.
 * Nothing here logs. Row values never reach exception messages or the failure log's error columns;
 * primary key values are stored in the failure log (as {@link dev.ferry.dualwrite.PrimaryKeyValues#text()}),
 * because repair needs them.
 *
 * <p>When the sides are swapped (at cutover or on roll-back), first drain the failure log with
 * {@link dev.ferry.dualwrite.MirrorRepair} against the old pair of sides, or give the new pair a
 * failure log of its own: an entry does not say which side it was recorded for.
 */
package dev.ferry.dualwrite;
