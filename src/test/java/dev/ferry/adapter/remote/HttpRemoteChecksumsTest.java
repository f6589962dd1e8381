package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.FakeRemote.status;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChecksumPage;
import dev.ferry.testing.LogCapture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRemoteChecksumsTest {
    private static final String CHECKSUMS = "/data-migration/users/checksums";
    private static final String ANSWER = "{\"headers\":[\"id\",\"name\"],\"key\":[\"id\"],\"chunks\":["
            + "{\"first\":[1],\"last\":[1000],\"rows\":1000,\"checksum\":\"0a1b\",\"afterId\":1000}],"
            + "\"pagination\":{\"afterId\":1000}}";
    private static final DataType ORDERS = new DataType("orders", "orders", "orders", USERS.columns(), List.of("id"), 500, 0);

    private FakeRemote remote;
    private RemoteFixtures.RecordingSleeper sleeper;
    private HttpRemoteChecksums checksums;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        sleeper = new RemoteFixtures.RecordingSleeper();
        checksums = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), sleeper).checksums();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void chunksAreAskedForWithTheInstallationTokenAndRead() {
        // given
        remote.on(CHECKSUMS, json(ANSWER));

        // when
        Optional<ChecksumPage> page = checksums.checksums(ACME, USERS, Cursor.ofNumber("0"), 1000, 8);

        // then
        assertThat(page).hasValueSatisfying(p -> {
            assertThat(p.chunks()).singleElement().satisfies(c -> {
                assertThat(c.rows()).isEqualTo(1000);
                assertThat(c.checksum()).isEqualTo("0a1b");
            });
            assertThat(p.next()).isEqualTo(Cursor.ofNumber("1000"));
        });
        assertThat(remote.lastRequest().query()).containsEntry("chunk", "1000").containsEntry("limit", "8")
                .containsEntry("after", "0");
        assertThat(remote.lastRequest().token()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 501})
    void aRemoteWithoutTheEndpointAnswersEmpty_neitherRetriedNorLoggedAsAFailure(int code) {
        // given
        remote.on(CHECKSUMS, status(code, "no such endpoint"));

        // when
        Optional<ChecksumPage> page;
        try (LogCapture logs = LogCapture.start()) {
            page = checksums.checksums(ACME, USERS, null, 1000, 8);

            // then
            assertThat(logs.all()).doesNotContain("remote call failed");
        }
        assertThat(page).isEmpty();
        assertThat(remote.requests()).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void otherFailuresAreRetriedAndThrownAsEveryCall() {
        // given
        remote.on(CHECKSUMS, status(503, "busy"), json(ANSWER));
        remote.on("/data-migration/orders/checksums", status(400, "bad chunk"));

        // when / then
        assertThat(checksums.checksums(ACME, USERS, null, 1000, 8)).isPresent();
        assertThat(remote.requests()).hasSize(2);
        assertThat(sleeper.waits).hasSize(1);
        assertThatThrownBy(() -> checksums.checksums(ACME, ORDERS, null, 1000, 8))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED));
    }

    @Test
    void noTimeLeftMeansNoChecksumCall() {
        // given
        remote.on(CHECKSUMS, json(ANSWER));

        // when / then
        assertThatThrownBy(() -> checksums.withDeadline(() -> 0).checksums(ACME, USERS, null, 1000, 8))
                .isInstanceOf(FerryException.class);
        assertThat(remote.requests()).isEmpty();
    }
}
