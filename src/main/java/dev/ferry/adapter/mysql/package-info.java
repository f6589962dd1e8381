/**
 * The MySQL-compatible side of Ferry (MariaDB here, TiDB in production): each installation's own
 * database, its state table, the multi-row upsert sink and the schema migrator.
 *
 * <p>Every class takes one {@link javax.sql.DataSource} for the whole server and qualifies each table as
 * {@code `db`.`table`}, so a single pool serves every installation. Statements stay inside what TiDB and
 * Forge SQL accept: one statement per request, auto-commit (no explicit transactions), no foreign keys,
 * no SQL-level PREPARE. Values are always bound as parameters; identifiers come only from validated
 * installation ids and the plan.
 *
 * <p>Affected-row counts: these classes rely on Connector/J's default {@code useAffectedRows=false}, under
 * which the server reports rows <em>matched</em> (CLIENT_FOUND_ROWS) rather than rows changed. A
 * compare-and-set UPDATE whose new values happen to equal the old ones therefore still counts as applied.
 * Do not set {@code useAffectedRows=true} on the pool.
 */
package dev.ferry.adapter.mysql;
