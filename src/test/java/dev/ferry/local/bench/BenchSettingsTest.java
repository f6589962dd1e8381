package dev.ferry.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @AfterEach
    void clearSetting() {
        System.clearProperty("bench.warm-up-rows");
    }

    @Test
    void shouldWarmUpWithAsManyRowsAsTheTimedInstallation_whenNotSaid() {
        // given: no bench.warm-up-rows

        // when
        BenchSettings settings = BenchSettings.fromSystemProperties();

        // then: each shape's warm-up is as large as its own timed installation
        assertThat(settings.warmUpRows(300_000)).isEqualTo(300_000);
        assertThat(settings.warmUpRows(1_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void shouldWarmUpWithTheRowsSaid_orNotAtAll() {
        System.setProperty("bench.warm-up-rows", "50,000");
        assertThat(BenchSettings.fromSystemProperties().warmUpRows(300_000)).isEqualTo(50_000);

        System.setProperty("bench.warm-up-rows", "0");
        assertThat(BenchSettings.fromSystemProperties().warmUpRows(300_000)).isZero();

        System.setProperty("bench.warm-up-rows", "same");
        assertThat(BenchSettings.fromSystemProperties().warmUpRows(7)).isEqualTo(7);
    }

    @Test
    void shouldRefuseANegativeWarmUp() {
        System.setProperty("bench.warm-up-rows", "-5");

        assertThatThrownBy(BenchSettings::fromSystemProperties)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench.warm-up-rows");
    }
}
