package dev.ferry.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import org.junit.jupiter.api.Test;

class VerifyMessageCodecTest {
    private final WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());

    @Test
    void shouldDecodeTheVerifyMessagesItEncodes_withAndWithoutARunInProgress() {
        // given a request to start a run with repair, and a step of a run in progress
        WorkMessage start = new WorkMessage.Verify(InstallationId.of("acme"), null, null, true);
        WorkMessage step = new WorkMessage.Verify(InstallationId.of("acme-1"), "20260101T000000Z-0a1b2c3d", "issues", false);

        // when encoding and decoding, then they come back equal
        assertThat(codec.decode(codec.encode(start))).isEqualTo(start);
        assertThat(codec.decode(codec.encode(step))).isEqualTo(step);
    }

    @Test
    void shouldReadAHandWrittenVerifyMessage_repairOffUnlessSaid() {
        // given the smallest verify message an operator would send
        // when decoding
        WorkMessage decoded = codec.decode("{\"v\":1,\"type\":\"verify\",\"installationId\":\"acme\"}");

        // then it starts a new run of every data type, without repair
        assertThat(decoded).isEqualTo(new WorkMessage.Verify(InstallationId.of("acme"), null, null, false));
    }
}
