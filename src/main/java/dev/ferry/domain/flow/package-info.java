/**
 * App Data Flows (a lasting link from a source to a destination) and App Data Movements (one export
 * and import at a point in time). Exports accumulate per source in an export stream, so one snapshot
 * and its diffs serve every flow from that source.
 */
package dev.ferry.domain.flow;
