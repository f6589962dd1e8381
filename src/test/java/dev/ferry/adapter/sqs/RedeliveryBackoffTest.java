package dev.ferry.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedeliveryBackoffTest {

    @Test
    void shouldDoubleTheWaitPerReceive_fromTheBase_untilTheCap() {
        // given a backoff of 30 s doubling to at most 15 minutes
        RedeliveryBackoff backoff = new RedeliveryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(15));

        // when / then
        assertThat(backoff.seconds(1)).isEqualTo(30);
        assertThat(backoff.seconds(2)).isEqualTo(60);
        assertThat(backoff.seconds(3)).isEqualTo(120);
        assertThat(backoff.seconds(5)).isEqualTo(480);
        assertThat(backoff.seconds(6)).isEqualTo(900);
        assertThat(backoff.seconds(1_000)).isEqualTo(900);
    }

    @Test
    void shouldRefuseACapBeyondWhatSqsAllows_orBelowTheBase() {
        assertThatThrownBy(() -> new RedeliveryBackoff(Duration.ofSeconds(30), Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedeliveryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
