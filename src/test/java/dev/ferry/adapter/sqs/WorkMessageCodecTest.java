package dev.ferry.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkMessage.TrackInstallation;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.page.Cursor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkMessageCodecTest {
    private final WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());

    static Stream<WorkMessage> messages() {
        return Stream.of(
                new ListInstallations(null),
                new ListInstallations(Cursor.ofString("page 2 & more")),
                new TrackInstallation(InstallationId.of("acme")),
                new TransferJob(InstallationId.of("acme-1"), new JobId("users", 12), "users", Cursor.ofNumber("12345678901234567890")),
                new TransferJob(InstallationId.of("acme"), JobId.first(JobId.SINGLE_CHAIN), "issues", null));
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
}
