package dev.ferry.local.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One sample remote on 127.0.0.1 over the default sample data, started once per test class and stopped after
 * it, with an HTTP client that signs its requests with {@link TestTokens}.
 */
abstract class SampleRemoteServerTestBase {

    static SampleFixture fixture;
    static SampleRemoteServer remote;
    static RemoteHttp http;

    @BeforeAll
    static void start() {
        fixture = SampleFixture.defaultData();
        remote = SampleRemoteServer.start(fixture.source, TestTokens.SECRET);
        http = new RemoteHttp(remote.baseUrl());
    }

    @AfterAll
    static void stop() {
        remote.stop();
    }
}
