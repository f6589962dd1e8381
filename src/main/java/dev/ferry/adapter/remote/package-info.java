/**
 * The remote over HTTP: {@link dev.ferry.adapter.remote.HttpRemoteClient} implements the
 * RemoteSource, RemoteStatus and InstallationDirectory ports against the seed's contract
 * ({@code /data-migration/{path}/}, {@code /migration-status}, {@code /installations}), with a
 * short-lived signed token per call ({@link dev.ferry.adapter.remote.TokenSigner}), bounded bodies,
 * exact numbers and cursors, and retries with full-jitter backoff
 * ({@link dev.ferry.adapter.remote.RetryPolicy}). Plain classes; wiring happens elsewhere.
 */
package dev.ferry.adapter.remote;
