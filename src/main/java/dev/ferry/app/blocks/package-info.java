/**
 * App Migration Building Blocks: the {@link dev.ferry.app.blocks.Exporter} (any {@link
 * dev.ferry.app.port.RowReader} into Event Files), the {@link dev.ferry.app.blocks.Importer} (Event
 * Files into any {@link dev.ferry.app.port.RowSink}), {@link dev.ferry.app.blocks.Flows} and their
 * movements, and {@link dev.ferry.app.blocks.Backups backup and restore}. Only {@code java.*} and
 * the core's ports.
 */
package dev.ferry.app.blocks;
