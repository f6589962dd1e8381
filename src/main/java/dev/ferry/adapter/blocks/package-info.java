/**
 * Adapters of App Migration Building Blocks: the file-system {@link dev.ferry.app.port.BlobStore},
 * the Jackson JSONL codec of Event Files and File Lists, the MySQL row deleter and import ledger,
 * and the SQS File Group notifier.
 */
package dev.ferry.adapter.blocks;
