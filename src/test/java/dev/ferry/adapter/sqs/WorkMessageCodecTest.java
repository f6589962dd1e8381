package dev.ferry.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkMessage.ReverseSync;
import dev.ferry.app.port.WorkMessage.SwitchPrimary;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkMessageCodecTest {
    private final WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());

    static Stream<WorkMessage> messages() {
        return Stream.of(
                new ListInstallations(null),
                new ListInstallations(Cursor.ofString("page 2 & more")),
                new ListInstallations(Cursor.ofNumber("1000"), 7,
                        new dev.ferry.domain.job.LoopMark("0123456789abcdef", "aaaaaaaaaaaaaaaa")),
                new dev.ferry.app.port.WorkMessage.RetryFailed(InstallationId.of("acme")),
                new WorkMessage.Track(InstallationId.of("acme")),
                new TransferJob(InstallationId.of("acme-1"), new JobId("users", 12), "users", Cursor.ofNumber("12345678901234567890")),
                new TransferJob(InstallationId.of("acme"), JobId.first(JobId.SINGLE_CHAIN), "issues", null),
                new TransferJob(InstallationId.of("acme"), JobId.parse("~issues@2#1"), "issues", null),
                new TransferJob(InstallationId.of("acme"), JobId.parse("*@3#4"), "comments",
                        Cursor.ofString("chg1|DELETIONS|2026-03-01T09:59:30|||")),
                new SwitchPrimary(InstallationId.of("acme"), Primary.DESTINATION),
                new SwitchPrimary(InstallationId.of("acme-2"), Primary.SOURCE),
                new ReverseSync(InstallationId.of("acme")),
                new WorkMessage.Pause(InstallationId.of("acme"), true),
                new WorkMessage.Pause(InstallationId.of("acme"), false));
    }

    @Test
    void shouldReadPauseAndResume_writtenByHand() {
        // given the operator's two messages as documented
        // when / then
        assertThat(codec.decode("{\"v\":1,\"type\":\"pause\",\"installationId\":\"acme\"}"))
                .isEqualTo(new WorkMessage.Pause(InstallationId.of("acme"), true));
        assertThat(codec.decode("{\"installationId\":\"acme\",\"type\":\"resume\",\"v\":1}"))
                .isEqualTo(new WorkMessage.Pause(InstallationId.of("acme"), false));
        assertThatThrownBy(() -> codec.decode("{\"v\":1,\"type\":\"pause\"}"))
                .isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void shouldDecodeWhatItEncodes(WorkMessage message) {
        // given / when
        WorkMessage decoded = codec.decode(codec.encode(message));

        // then
        assertThat(decoded).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "{}", "{\"v\":2,\"type\":\"track\",\"installationId\":\"acme\"}",
        "{\"v\":1,\"type\":\"explode\"}", "{\"v\":1,\"type\":\"track\"}",
        "{\"v\":1,\"type\":\"track\",\"installationId\":\"ACME; DROP DATABASE x\"}",
        "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"acme\",\"jobId\":\"no-hash\"}",
        "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"acme\",\"jobId\":\"users#1\",\"cursor\":\"x:1\"}",
        "{\"v\":1,\"type\":\"track\",\"installationId\":42}"
    })
    void shouldRefuseMalformedMessages_withInvalidMessageCode(String body) {
        assertThatThrownBy(() -> codec.decode(body))
                .isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void shouldWriteCutoverAndReverseSyncMessages_asDocumented() throws Exception {
        // given the two operator messages
        ObjectMapper json = new ObjectMapper();

        // when they are encoded
        String cutover = codec.encode(new SwitchPrimary(InstallationId.of("acme"), Primary.DESTINATION));
        String reverse = codec.encode(new ReverseSync(InstallationId.of("acme")));

        // then they have the documented shape
        assertThat(json.readTree(cutover)).isEqualTo(json.readTree(
                "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":\"DESTINATION\"}"));
        assertThat(json.readTree(reverse)).isEqualTo(json.readTree(
                "{\"v\":1,\"type\":\"reverse-sync\",\"installationId\":\"acme\"}"));
    }

    @Test
    void shouldDecodeCutoverAndReverseSync_writtenByHand() {
        // given messages an operator wrote (fields in another order)
        // when / then
        assertThat(codec.decode("{\"primary\":\"SOURCE\",\"installationId\":\"acme\",\"type\":\"cutover\",\"v\":1}"))
                .isEqualTo(new SwitchPrimary(InstallationId.of("acme"), Primary.SOURCE));
        assertThat(codec.decode("{\"v\":1,\"type\":\"reverse-sync\",\"installationId\":\"acme\"}"))
                .isEqualTo(new ReverseSync(InstallationId.of("acme")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":\"SIDEWAYS\"}",
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":\"destination\"}",
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":\"\"}",
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":1}",
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":null}",
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"acme\"}",
        "{\"v\":1,\"type\":\"cutover\",\"primary\":\"DESTINATION\"}",
        "{\"v\":1,\"type\":\"cutover\",\"installationId\":\"ACME; DROP DATABASE x\",\"primary\":\"SOURCE\"}",
        "{\"v\":2,\"type\":\"cutover\",\"installationId\":\"acme\",\"primary\":\"SOURCE\"}",
        "{\"v\":1,\"type\":\"reverse-sync\"}",
        "{\"v\":1,\"type\":\"reverse-sync\",\"installationId\":[\"acme\"]}",
        "{\"v\":1,\"type\":\"reverse_sync\",\"installationId\":\"acme\"}",
        "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"acme\",\"jobId\":\"issues@0#1\"}",
        "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"acme\",\"jobId\":\"@2#0\"}"
    })
    void shouldRefuseMalformedCutoverAndReverseSyncMessages_withInvalidMessageCode(String body) {
        // given a cutover or reverse-sync message with an unknown primary, a missing field or a bad job id
        // when / then it is INVALID_MESSAGE (permanent)
        assertThatThrownBy(() -> codec.decode(body))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }
}
