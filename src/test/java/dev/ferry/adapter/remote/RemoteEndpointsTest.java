package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.sync.ChangeCursor;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entry point: one call core (settings, token, retries, deadline) behind every endpoint class. */
class RemoteEndpointsTest {
    private FakeRemote remote;
    private RemoteEndpoints endpoints;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        endpoints = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), new RemoteFixtures.RecordingSleeper());
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void everyEndpointCallsTheSameRemoteWithItsOwnPath() {
        // given
        remote.on("/data-migration/users/", json("{\"headers\":[\"id\",\"name\"],\"data\":[]}"));
        remote.on("/migration-status", json("{\"status\":\"READY\"}"));
        remote.on("/installations", json("{\"installations\":[],\"pagination\":{\"afterId\":null}}"));

        // when
        endpoints.pages().fetchPage(ACME, USERS, null, 10);
        endpoints.status().migrationStatus(ACME);
        endpoints.installations().list(null, 10);

        // then
        assertThat(remote.requests()).extracting(FakeRemote.Received::rawPath)
                .containsExactly("/remote/data-migration/users/", "/remote/migration-status", "/remote/installations");
        assertThat(endpoints.status()).isSameAs(endpoints.installations());
        assertThat(endpoints.settings().baseUrl()).isEqualTo(remote.baseUrl());
    }

    @Test
    void aDeadlineBoundsEveryEndpoint() {
        // given
        RemoteEndpoints spent = endpoints.withDeadline(() -> 0);
        ChangeCursor changes = ChangeCursor.start(null, LocalDateTime.of(2030, 1, 1, 0, 0));

        // when / then
        assertThatThrownBy(() -> spent.pages().fetchPage(ACME, USERS, null, 10)).isInstanceOf(FerryException.class);
        assertThatThrownBy(() -> spent.changes().fetchChanges(ACME, USERS, changes, 10)).isInstanceOf(FerryException.class);
        assertThatThrownBy(() -> spent.writer().replaceRange(ACME, USERS, null, null, List.of()))
                .isInstanceOf(FerryException.class);
        assertThatThrownBy(() -> spent.status().reportMigrationStatus(ACME, InstallationStatus.DONE)).isInstanceOf(FerryException.class);
        assertThatThrownBy(() -> spent.installations().list(null, 10)).isInstanceOf(FerryException.class);
        assertThatThrownBy(() -> spent.checksums().checksums(ACME, USERS, null, 10, 1)).isInstanceOf(FerryException.class);
        assertThat(remote.requests()).isEmpty();
    }
}
