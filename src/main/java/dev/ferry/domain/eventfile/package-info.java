/**
 * Event Files (App Migration Building Blocks): JSONL, one header line then one record per line, one
 * data type per file. Records are {@link dev.ferry.domain.eventfile.EventRecord.Upsert upserts} of
 * a {@link dev.ferry.domain.page.Row} (the core's record model) or
 * {@link dev.ferry.domain.eventfile.EventRecord.Delete deletes} by primary key; large binary values
 * live in content-addressed Binary Files referenced by id. Only {@code java.*} here: the JSON codec is
 * an adapter.
 */
package dev.ferry.domain.eventfile;
