package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.FakeRemote.status;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.testing.IntegrationTest;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@IntegrationTest
class HttpRemoteInstallationsTest {
    private FakeRemote remote;
    private RemoteFixtures.RecordingSleeper sleeper;
    private HttpRemoteInstallations client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        sleeper = new RemoteFixtures.RecordingSleeper();
        client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), sleeper).installations();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @ParameterizedTest
    @CsvSource({"READY,READY", "PENDING,PENDING", "IN_PROGRESS,IN_PROGRESS", "DONE,DONE",
            "COMPLETED,DONE", "MIGRATING,IN_PROGRESS", "ready,READY"})
    void statusIsReadIncludingTheSeedsAliases(String sent, InstallationStatus expected) {
        // given
        remote.on("/migration-status", json("{\"status\":\"" + sent + "\"}"));

        // when
        Optional<InstallationStatus> status = client.migrationStatus(ACME);

        // then
        assertThat(status).contains(expected);
        assertThat(remote.lastRequest().method()).isEqualTo("GET");
        assertThat(remote.lastRequest().rawPath()).isEqualTo("/remote/migration-status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"PAUSED\"}", "{\"status\":null}", "{\"status\":\"\",\"meta\":{}}"})
    void unknownStatusIsEmpty(String body) {
        // given
        remote.on("/migration-status", json(body));

        // when / then
        assertThat(client.migrationStatus(ACME)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"status\":1}", "\"READY\"", "{\"status\":\"READY\""})
    void statusWithoutAStatusStringIsMalformed(String body) {
        // given
        remote.on("/migration-status", json(body));

        // when / then
        assertThatThrownBy(() -> client.migrationStatus(ACME))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE));
    }

    @Test
    void settingTheStatusPutsItAsJson() {
        // given
        remote.on("/migration-status", status(204, ""));

        // when
        client.reportMigrationStatus(ACME, InstallationStatus.DONE);

        // then
        FakeRemote.Received request = remote.lastRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.rawPath()).isEqualTo("/remote/migration-status");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo("{\"status\":\"DONE\"}");
    }

    @Test
    void settingTheStatusIsRetriedOnServerErrors() {
        // given
        remote.on("/migration-status", status(500, "oops"), json("{\"status\":\"DONE\"}"));

        // when
        client.reportMigrationStatus(ACME, InstallationStatus.DONE);

        // then
        assertThat(remote.requests()).hasSize(2).allSatisfy(r -> assertThat(r.method()).isEqualTo("PUT"));
    }

    @Test
    void rejectedStatusUpdateIsPermanent() {
        // given
        remote.on("/migration-status", status(403, "forbidden"));

        // when / then
        assertThatThrownBy(() -> client.reportMigrationStatus(ACME, InstallationStatus.DONE))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED));
    }

    @Test
    void installationsArePagedWithAnOpaqueCursor() {
        // given
        remote.on("/installations",
                json("{\"installations\":[\"acme-1\",\"globex\"],\"pagination\":{\"afterId\":\"g&2\"}}"),
                json("{\"installations\":[\"initech\"],\"pagination\":{\"afterId\":null}}"));

        // when
        InstallationDirectory.Batch first = client.list(null, 2);
        InstallationDirectory.Batch second = client.list(first.next(), 2);

        // then
        assertThat(first.installations()).containsExactly(InstallationId.of("acme-1"), InstallationId.of("globex"));
        assertThat(first.next()).isEqualTo(Cursor.ofString("g&2"));
        assertThat(second.installations()).containsExactly(InstallationId.of("initech"));
        assertThat(second.next()).isNull();
        assertThat(remote.requests().get(0).rawQuery()).isEqualTo("limit=2");
        assertThat(remote.requests().get(1).rawQuery()).isEqualTo("limit=2&after=g%262");
    }

    @Test
    void emptyInstallationsPageEndsTheListingEvenWithACursor() {
        // given
        remote.on("/installations", json("{\"installations\":[],\"pagination\":{\"afterId\":99}}"));

        // when
        InstallationDirectory.Batch batch = client.list(Cursor.ofNumber("98"), 10);

        // then
        assertThat(batch.installations()).isEmpty();
        assertThat(batch.next()).isNull();
    }

    @Test
    void installationIdsFerryCannotUseAreSkipped() {
        // given
        remote.on("/installations", json("{\"installations\":[\"ok-1\",\"Bad Id!\",\"ok-2\"],\"pagination\":{\"afterId\":3}}"));

        // when
        InstallationDirectory.Batch batch = client.list(null, 10);

        // then
        assertThat(batch.installations()).containsExactly(InstallationId.of("ok-1"), InstallationId.of("ok-2"));
        assertThat(batch.next()).isEqualTo(Cursor.ofNumber("3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"installations\":\"a\"}", "{\"installations\":[1]}", "[]"})
    void installationsWithTheWrongShapeAreMalformed(String body) {
        // given
        remote.on("/installations", json(body));

        // when / then
        assertThatThrownBy(() -> client.list(null, 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE));
    }
}
