package dev.ferry.chaos;

import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.adapter.remote.RetrySettings;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.testing.TestMySql;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Where one scenario at a time runs: a sample source database of its own (reloaded with each
 * scenario's data), the sample remote serving it over HTTP, and Ferry's HTTP client for it. Lanes
 * run side by side; the remote's listing only ever shows the current scenario's installations.
 */
final class Lane implements AutoCloseable {
    /** A remote request slower than this times out; injected delays exceed it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(200);

    final TestMySql.TestDatabase sourceDatabase;
    final SampleSourceDatabase source;
    final SampleRemoteServer server;
    final RemoteEndpoints remote;

    private Lane(TestMySql.TestDatabase sourceDatabase, SampleSourceDatabase source, SampleRemoteServer server,
                 RemoteEndpoints remote) {
        this.sourceDatabase = sourceDatabase;
        this.source = source;
        this.server = server;
        this.remote = remote;
    }

    static Lane start() {
        TestMySql.TestDatabase database = TestMySql.uniqueDatabase("chaossrc");
        SampleSourceDatabase source = new SampleSourceDatabase(database.server(), database.name());
        source.createSchema();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SampleRemoteServer server = SampleRemoteServer.start(source, secret);
        RemoteSettings settings = RemoteSettings.defaults(server.baseUrl())
                .withAudience(server.audience())
                .withConnectTimeout(Duration.ofSeconds(2))
                .withRequestTimeout(REQUEST_TIMEOUT)
                .withRetry(RetrySettings.defaults().withMaxAttempts(3)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                        .withMaxRetryAfter(Duration.ofMillis(20)));
        RemoteEndpoints remote = new RemoteEndpoints(settings, new HmacTokenSigner(secret, server.audience()));
        return new Lane(database, source, server, remote);
    }

    @Override
    public void close() {
        server.close();
        source.close();
        sourceDatabase.close();
    }
}
