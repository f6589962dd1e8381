package dev.ferry.domain.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical encodings (docs/verification.md, "Canonical row encoding") of the MySQL types' values. */
class MySqlTypeHashTest {

    private static String text(Object value) {
        return new String(RowHash.canonical(value), StandardCharsets.UTF_8);
    }

    @Test
    void shouldEncodeAFloatByTheDigitsOfItsSinglePrecisionValue() {
        assertThat(text(1.2345678f)).isEqualTo("n1.2345678");
        assertThat(text(0.1f)).isEqualTo("n0.1");
        assertThat(text(-2.5f)).isEqualTo("n-2.5");
        assertThat(text(Math.nextDown(Float.MAX_VALUE))).isEqualTo("n340282330000000000000000000000000000000");
        assertThat(text(1.0E-10f)).isEqualTo("n0.0000000001");
        assertThat(text(-0.0f)).isEqualTo("n0");
    }

    @Test
    void shouldEncodeBitsAndYearsAsNumbers() {
        assertThat(text(5L)).isEqualTo("n5");
        assertThat(text(new BigInteger("18446744073709551615"))).isEqualTo("n18446744073709551615");
        assertThat(text(2155)).isEqualTo("n2155");
    }

    @Test
    void shouldEncodeTimesLikeDateTimes_signHoursMinutesSecondsFraction() {
        assertThat(text(Duration.parse("-PT838H59M59.999999S"))).isEqualTo("s-838:59:59.999999");
        assertThat(text(Duration.ofMillis(-500))).isEqualTo("s-00:00:00.500");
        assertThat(text(Duration.ZERO)).isEqualTo("s00:00:00");
        assertThat(text(Duration.parse("PT12H30M5.000001S"))).isEqualTo("s12:30:05.000001");
        assertThat(TimeText.sql(Duration.ofMillis(-500))).isEqualTo("-00:00:00.500000");
    }

    @Test
    void shouldEncodeUuidsAndGeometriesAsTheirBytes() {
        byte[] uuid = HexFormat.of().parseHex("123e4567e89b12d3a456426614174000");

        assertThat(RowHash.canonical(uuid)).startsWith('b').hasSize(17);
        assertThat(WireValues.uuid(uuid)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    }

    @Test
    void shouldHashAFloatReadBackAlikeTheFloatSent() {
        float sent = Float.parseFloat("1.2345678");
        float readBack = (float) (double) 1.2345677614212036; // the server's exact value, widened, then narrowed

        assertThat(RowHash.of(new Row(List.of(sent)))).isEqualTo(RowHash.of(new Row(List.of(readBack))));
    }
}
