/**
 * Ferry: per-installation data migration engine.
 *
 * <p><b>"The seed"</b>, where Javadoc says it, is the published design Ferry implements: Atlassian's guide
 * "Migrating from a remote SQL database to Forge SQL" — a per-installation state table with a tracking
 * row, a cron-driven state tracker, per-data-type async jobs, a paginated remote data endpoint, a
 * runtime-budgeted transfer loop that re-enqueues itself from its cursor, single-statement multi-row
 * inserts, a job checker and a completion rule. "The seed's X" names the part of that design a class
 * carries out; what Ferry adds (leases, backoff, loop detection, value checks, verification, cutover)
 * is described where it is added. The exporter/importer side ({@code adapter/blocks}) follows the
 * companion "App Migration Building Blocks" document.
 */
package dev.ferry;
