package dev.ferry.domain.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RowHashTest {

    private static RowHash hash(Object... values) {
        return RowHash.of(Row.of(values));
    }

    static Stream<Arguments> equalNumbersOfDifferentTypes() {
        return Stream.of(
                Arguments.of(new BigDecimal("1.50"), new BigDecimal("1.5")),
                Arguments.of(new BigDecimal("1.500000"), new BigDecimal("1.5")),
                Arguments.of(7L, new BigDecimal("7")),
                Arguments.of(7L, new BigDecimal("7.000")),
                Arguments.of(7L, 7),
                Arguments.of(7L, BigInteger.valueOf(7)),
                Arguments.of(7L, (short) 7),
                Arguments.of(7L, (byte) 7),
                Arguments.of(7L, 7.0d),
                Arguments.of(70L, new BigDecimal("70")),
                Arguments.of(70L, new BigDecimal("7E+1")),
                Arguments.of(-3L, new BigDecimal("-3.0")),
                Arguments.of(0L, new BigDecimal("0.00")),
                Arguments.of(0L, new BigDecimal("-0.0")),
                Arguments.of(0L, 0.0d),
                Arguments.of(0L, -0.0d),
                Arguments.of(new BigDecimal("1.5"), 1.5d),
                Arguments.of(new BigDecimal("0.1"), 0.1d),
                Arguments.of(new BigInteger("123456789012345678901234567890"),
                        new BigDecimal("123456789012345678901234567890.000")));
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}")
    @MethodSource("equalNumbersOfDifferentTypes")
    void shouldHashEqualNumbersAlike_whateverTheirJavaType(Object left, Object right) {
        // given two rows holding the same number as different Java types
        // when hashing both
        RowHash a = hash("k", left);
        RowHash b = hash("k", right);

        // then the hashes are equal, and so are the rows
        assertThat(a).isEqualTo(b);
        assertThat(Row.of("k", left)).isEqualTo(Row.of("k", right)).hasSameHashCodeAs(Row.of("k", right));
    }

    static Stream<Arguments> differentValues() {
        return Stream.of(
                Arguments.of(new BigDecimal("1.5"), new BigDecimal("1.51")),
                Arguments.of(7L, -7L),
                Arguments.of(7L, "7"),
                Arguments.of(Boolean.TRUE, "true"),
                Arguments.of(Boolean.TRUE, 1L),
                Arguments.of(Boolean.FALSE, 0L),
                Arguments.of("a", "A"),
                Arguments.of("null", null),
                Arguments.of(new JsonText("\"x\""), "\"x\""),
                Arguments.of(new JsonText("1"), 1L),
                Arguments.of(LocalDateTime.of(2024, 3, 1, 10, 0), "2024-03-01T10:00"));
    }

    @ParameterizedTest(name = "{0} != {1}")
    @MethodSource("differentValues")
    void shouldHashDifferentValuesOrKindsDifferently(Object left, Object right) {
        // given two rows whose single value differs in value or kind
        // when hashing both
        // then the hashes differ
        assertThat(hash(left)).isNotEqualTo(hash(right));
    }

    @Test
    void shouldHashEqualNumbersAlike_whenADoubleIsPrintedInScientificNotation() {
        // given numbers whose Double.toString form uses an exponent
        // when hashing each as Double and as BigDecimal/Long
        // then the hashes are equal, as the class contract promises ("numbers by value, whatever their Java types")
        assertThat(hash(12345678.5d)).isEqualTo(hash(new BigDecimal("12345678.5")));
        assertThat(hash(0.00001d)).isEqualTo(hash(new BigDecimal("0.00001")));
        assertThat(hash(1e15d)).isEqualTo(hash(1_000_000_000_000_000L));
    }

    @Test
    void shouldProduceAStableSha256HexDigest() {
        // given the same row hashed twice
        RowHash first = hash(1L, "Ann", null);
        RowHash second = hash(1L, "Ann", null);

        // when comparing
        // then both are the same 64-character lowercase hex digest
        assertThat(first).isEqualTo(second);
        assertThat(first.hex()).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldDependOnColumnOrder() {
        // given the same values in a different order
        // when hashing both rows
        // then the hashes differ
        assertThat(hash(1L, "Ann")).isNotEqualTo(hash("Ann", 1L));
        assertThat(hash("a", "b")).isNotEqualTo(hash("b", "a"));
    }

    @Test
    void shouldKeepValueBoundaries_soShiftedTextDoesNotCollide() {
        // given rows whose concatenated text is the same but split differently
        // when hashing them
        // then the hashes differ
        assertThat(hash("ab", "c")).isNotEqualTo(hash("a", "bc"));
        assertThat(hash("", "x")).isNotEqualTo(hash("x", ""));
    }

    @Test
    void shouldDistinguishNullFromEmptyString() {
        // given a null and an empty string in the same column
        // when hashing
        // then they differ, alone and among other values
        assertThat(hash((Object) null)).isNotEqualTo(hash(""));
        assertThat(hash(null, "x")).isNotEqualTo(hash("", "x"));
        assertThat(hash((Object) null)).isNotEqualTo(hash(new byte[0]));
        assertThat(RowHash.of(Row.of())).isNotEqualTo(hash((Object) null));
    }

    @Test
    void shouldHashBytesByContent() {
        // given two distinct arrays with equal content, and one with other content
        byte[] a = {1, 2, 3, (byte) 0xff};
        byte[] b = {1, 2, 3, (byte) 0xff};
        byte[] c = {1, 2, 3, (byte) 0xfe};

        // when hashing
        // then equal content hashes alike, different content differs, and bytes differ from same-looking text
        assertThat(hash((Object) a)).isEqualTo(hash((Object) b));
        assertThat(hash((Object) a)).isNotEqualTo(hash((Object) c));
        assertThat(hash((Object) "abc".getBytes())).isNotEqualTo(hash("abc"));
        assertThat(hash((Object) new byte[0])).isNotEqualTo(hash(""));
    }

    @Test
    void shouldIgnoreWhitespaceOutsideStrings_inJson() {
        // given the same JSON document printed compactly and pretty-printed
        JsonText compact = new JsonText("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":\"e\"}}");
        JsonText pretty = new JsonText("{\n  \"a\" : 1,\n\t\"b\": [ true, null, \"x\" ],\r\n  \"c\": { \"d\": \"e\" }\n}\n");

        // when hashing both
        // then they hash alike
        assertThat(hash(pretty)).isEqualTo(hash(compact));
    }

    @Test
    void shouldKeepWhitespaceInsideStrings_inJson() {
        // given JSON documents that differ only by whitespace inside a string
        // when hashing them
        // then they differ
        assertThat(hash(new JsonText("{\"a\":\"x y\"}"))).isNotEqualTo(hash(new JsonText("{\"a\":\"xy\"}")));
        assertThat(hash(new JsonText("[\" \"]"))).isNotEqualTo(hash(new JsonText("[\"\"]")));
    }

    @Test
    void shouldFollowEscapedQuotesAndBackslashes_whenFindingStringBoundariesInJson() {
        // given strings containing an escaped quote followed by a space, and an escaped backslash before the closing quote
        JsonText escapedQuote = new JsonText("{\"a\":\"say \\\" hi\"}");
        JsonText escapedQuoteNoSpace = new JsonText("{\"a\":\"say \\\"hi\"}");
        JsonText backslashEnd = new JsonText("{\"a\" : \"q\\\\\" , \"b\" : 1}");
        JsonText backslashEndCompact = new JsonText("{\"a\":\"q\\\\\",\"b\":1}");

        // when hashing
        // then the space after the escaped quote is still inside the string (kept),
        // and whitespace after a string ending in an escaped backslash is outside it (ignored)
        assertThat(hash(escapedQuote)).isNotEqualTo(hash(escapedQuoteNoSpace));
        assertThat(hash(backslashEnd)).isEqualTo(hash(backslashEndCompact));
    }

    @Test
    void shouldCompareDateTimesToTheMicrosecond() {
        // given date-times differing below and at the microsecond
        LocalDateTime micros = LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_456_000);
        LocalDateTime nanos = LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_456_789);
        LocalDateTime nextMicro = LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_457_000);
        LocalDateTime millis = LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000);

        // when hashing them
        // then digits below the microsecond are ignored (MySQL keeps at most 6), anything else counts
        assertThat(hash(nanos)).isEqualTo(hash(micros));
        assertThat(hash(nextMicro)).isNotEqualTo(hash(micros));
        assertThat(hash(millis)).isNotEqualTo(hash(micros));
        assertThat(hash(LocalDateTime.of(2024, 3, 1, 10, 15)))
                .isEqualTo(hash(LocalDateTime.of(2024, 3, 1, 10, 15, 0, 0)))
                .isNotEqualTo(hash(LocalDateTime.of(2024, 3, 1, 10, 15, 1)));
    }
}
