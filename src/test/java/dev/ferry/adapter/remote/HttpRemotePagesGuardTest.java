package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.testing.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A page is refused, not trusted, when it is not the answer to the request: another installation's, or too long. */
@IntegrationTest
class HttpRemotePagesGuardTest {
    private static final String PAGE_PATH = "/data-migration/users/";

    private FakeRemote remote;
    private HttpRemotePages client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), new RemoteFixtures.RecordingSleeper())
                .pages();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void pageLabelledWithAnotherInstallation_isRefusedPermanently_withoutRetry() {
        // given a remote that answers acme-1's request with globex's rows
        remote.on(PAGE_PATH, json("{\"installationId\":\"globex\",\"headers\":[\"id\",\"name\"],"
                + "\"data\":[[7,\"Globex secret\"]],\"pagination\":{\"afterId\":7}}"));

        // when
        FerryException e = catchThrowableOfType(FerryException.class, () -> client.fetchPage(ACME, USERS, null, 10));

        // then it is refused as FOREIGN_INSTALLATION, permanent, after one request
        assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN_INSTALLATION);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("globex").contains("acme-1");
        assertThat(remote.requests()).hasSize(1);
    }

    @Test
    void pageLabelledWithTheAskedInstallation_isAccepted_andKeepsItsLabel() {
        // given the remote labels the page with the installation the token names
        remote.on(PAGE_PATH, json("{\"installationId\":\"acme-1\",\"headers\":[\"id\",\"name\"],"
                + "\"data\":[[7,\"Ann\"]],\"pagination\":{\"afterId\":null}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.installationId()).isEqualTo("acme-1");
        assertThat(page.data()).hasSize(1);
    }

    @Test
    void unlabelledPage_isAccepted_asTheContractMakesTheLabelOptional() {
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\",\"name\"],\"data\":[[7,\"Ann\"]],\"pagination\":{\"afterId\":null}}"));
        assertThat(client.fetchPage(ACME, USERS, null, 10).installationId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"installationId\":42,\"headers\":[\"id\"],\"data\":[]}",
            "{\"installationId\":[\"acme-1\"],\"headers\":[\"id\"],\"data\":[]}",
            "{\"installationId\":\"acme-1\",\"installationId\":\"globex\",\"headers\":[\"id\"],\"data\":[]}"})
    void installationLabelOfTheWrongShape_isMalformed(String body) {
        // given a label that is not one string
        remote.on(PAGE_PATH, json(body));

        // when / then
        FerryException e = catchThrowableOfType(FerryException.class, () -> client.fetchPage(ACME, USERS, null, 10));
        assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE);
    }

    @Test
    void pageWithMoreRowsThanAskedFor_isRefusedPermanently() {
        // given a remote that ignores limit=2 and sends three rows
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\",\"name\"],\"data\":[[1,\"a\"],[2,\"b\"],[3,\"c\"]],"
                + "\"pagination\":{\"afterId\":3}}"));

        // when
        FerryException e = catchThrowableOfType(FerryException.class, () -> client.fetchPage(ACME, USERS, null, 2));

        // then
        assertThat(e.code()).isEqualTo(ErrorCode.PAGE_OVER_LIMIT);
        assertThat(e.retryable()).isFalse();
        assertThat(remote.requests()).hasSize(1);
        assertThat(remote.lastRequest().rawQuery()).isEqualTo("limit=2");
    }

    @Test
    void pageWithExactlyTheRowsAskedFor_isAccepted() {
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\",\"name\"],\"data\":[[1,\"a\"],[2,\"b\"]],\"pagination\":{\"afterId\":2}}"));
        assertThat(client.fetchPage(ACME, USERS, null, 2).data()).hasSize(2);
    }
}
