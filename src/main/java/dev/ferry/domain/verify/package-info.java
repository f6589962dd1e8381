/**
 * The language of verification, only {@code java.*}: a row's primary key with its order
 * ({@link dev.ferry.domain.verify.RowKey}), chunk checksums combined from row hashes
 * ({@link dev.ferry.domain.verify.ChunkChecksum}), the chunks a source is read in
 * ({@link dev.ferry.domain.verify.SourceChunk}), the remote's optional checksum answer
 * ({@link dev.ferry.domain.verify.ChecksumPage}) and the stored outcome of a verification
 * ({@link dev.ferry.domain.verify.VerificationRecord}).
 */
package dev.ferry.domain.verify;
