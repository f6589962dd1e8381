/**
 * Verification: compares an installation's destination with its source, per data type, by chunked
 * checksums computed by Ferry. {@link dev.ferry.app.verify.ChunkedComparison} is the one comparison
 * engine; {@link dev.ferry.app.verify.ChunkSource}s read the source (the remote's checksum endpoint
 * with the page fallback, or any row reader); {@link dev.ferry.app.verify.VerifyDataType} keeps the
 * results in the state store and resumes; {@link dev.ferry.app.verify.RunVerification} is the
 * worker's {@code verify} job. Only {@code java.*}.
 */
package dev.ferry.app.verify;
