package dev.ferry.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryKeyValuesTest {

    @Test
    void shouldRoundTripEverySupportedType_throughItsText() {
        // given a key with one column of every supported type, including awkward strings
        PrimaryKeyValues key = PrimaryKeyValues.of(
                List.of("s", "quote", "n", "big", "dec", "flag", "day", "at", "raw"),
                Arrays.asList("a, b=c", "it's ''x''\n", -42L, new BigInteger("123456789012345678901234567890"),
                        new BigDecimal("-12.50"), true, LocalDate.of(2025, 3, 1),
                        LocalDateTime.of(2025, 3, 1, 10, 0, 0, 123_456_000), new byte[] {0, 10, (byte) 255}));

        // when its text is parsed back
        PrimaryKeyValues parsed = PrimaryKeyValues.parse(key.text());

        // then every value comes back equal, with the same type
        assertThat(parsed).isEqualTo(key);
        assertThat(parsed.text()).isEqualTo(key.text());
        assertThat(parsed.values().get(0)).isEqualTo("a, b=c");
        assertThat(parsed.values().get(1)).isEqualTo("it's ''x''\n");
        assertThat(parsed.values().get(2)).isEqualTo(-42L);
        assertThat(parsed.values().get(3)).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(parsed.values().get(4)).isEqualTo(new BigDecimal("-12.5"));
        assertThat(parsed.values().get(5)).isEqualTo(true);
        assertThat(parsed.values().get(6)).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(parsed.values().get(7)).isEqualTo(LocalDateTime.of(2025, 3, 1, 10, 0, 0, 123_456_000));
        assertThat((byte[]) parsed.values().get(8)).containsExactly(0, 10, 255);
    }

    @Test
    void shouldGiveTheSameText_whenEqualValuesHaveDifferentJavaTypes() {
        // given the same key built from an int, a long, a BigInteger and a whole BigDecimal
        // when their texts are compared
        // then they are one key, so the failure log keeps one entry for them
        assertThat(PrimaryKeyValues.of("id", 7).text()).isEqualTo("id=7");
        assertThat(PrimaryKeyValues.of("id", 7L)).isEqualTo(PrimaryKeyValues.of("id", BigInteger.valueOf(7)))
                .isEqualTo(PrimaryKeyValues.of("id", new BigDecimal("7.00")));
        assertThat(PrimaryKeyValues.of("a", 1, "b", "x").text()).isEqualTo("a=1, b='x'");
    }

    @Test
    void shouldRejectKeys_withoutValuesOrWithUnsafeNames() {
        assertThatThrownBy(() -> PrimaryKeyValues.of("id", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrimaryKeyValues.of("id`; DROP TABLE x", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrimaryKeyValues.of("id", 1, "ID", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrimaryKeyValues.of("id", 1.5d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrimaryKeyValues.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectText_thatIsNotAKeyText_withoutQuotingIt() {
        for (String bad : List.of("", "id", "id=", "id='open", "id=1,b=2", "id=1, ", "id=NOPE", "id=X'zz'",
                "id=DATE'2025-13-01'", "1d=1")) {
            assertThatThrownBy(() -> PrimaryKeyValues.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("open").hasMessageNotContaining("NOPE");
        }
    }

    @Test
    void shouldNotShowValues_inToString() {
        // given a key and a write whose values are secret-looking
        PrimaryKeyValues key = PrimaryKeyValues.of("token", "s3cr3t-key");
        Write write = Write.upsert("inst-1", "sessions", key, java.util.Map.of("payload", "s3cr3t-value"));

        // then their string forms name columns only
        assertThat(key.toString()).isEqualTo("PrimaryKeyValues[token]");
        assertThat(write.toString()).contains("sessions", "token", "payload").doesNotContain("s3cr3t");
    }

    @Test
    void shouldRejectWrites_thatRepeatKeyColumnsOrCarryValuesOnDelete() {
        PrimaryKeyValues key = PrimaryKeyValues.of("id", 1);
        assertThatThrownBy(() -> Write.upsert("i", "t", key, java.util.Map.of("ID", 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Write(Operation.DELETE, "i", "t", key, java.util.Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Write.delete("has space", "t", key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Write.delete("i", "bad/type", key)).isInstanceOf(IllegalArgumentException.class);
    }
}
