/**
 * The remote over HTTP, against the seed's contract and its optional endpoints. {@link
 * dev.ferry.adapter.remote.RemoteEndpoints} is the entry point: it holds the call core
 * ({@link dev.ferry.adapter.remote.RemoteCalls}: a short-lived signed token per call from a
 * {@link dev.ferry.adapter.remote.TokenSigner}, bounded bodies, retries with full-jitter backoff by the
 * {@link dev.ferry.adapter.remote.RetryPolicy}, error mapping and logging) and one class per endpoint group,
 * each implementing its port: {@link dev.ferry.adapter.remote.HttpRemotePages} (RemoteSource,
 * {@code /data-migration/{path}/}), {@link dev.ferry.adapter.remote.HttpRemoteChanges} (RemoteChanges),
 * {@link dev.ferry.adapter.remote.HttpRemoteWriter} (RemoteWriter),
 * {@link dev.ferry.adapter.remote.HttpRemoteInstallations} (RemoteStatus and InstallationDirectory,
 * {@code /migration-status}, {@code /installations}) and {@link dev.ferry.adapter.remote.HttpRemoteChecksums}
 * (SourceChecksums). Values and cursors are read exactly. Plain classes; wiring happens elsewhere.
 */
package dev.ferry.adapter.remote;
