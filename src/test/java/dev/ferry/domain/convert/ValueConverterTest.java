package dev.ferry.domain.convert;

import static dev.ferry.domain.convert.ConversionAssertions.assertRefused;
import static dev.ferry.domain.convert.ConversionAssertions.dec;
import static dev.ferry.domain.convert.ConversionAssertions.membersFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValueConverterTest {

    @Nested
    class Nulls {

        @ParameterizedTest
        @EnumSource(ColumnType.class)
        void shouldPassNullThrough_forNullableColumn(ColumnType type) {
            // given a nullable column of any type
            Column column = Column.builder("maybe", type).nullable(true).members(membersFor(type)).build();

            // when converting null
            Object converted = ValueConverter.convert(column, null);

            // then the result is null
            assertThat(converted).isNull();
        }

        @ParameterizedTest
        @EnumSource(ColumnType.class)
        void shouldRefuseNull_forNonNullableColumn(ColumnType type) {
            // given a non-nullable column of any type
            Column column = Column.builder("required", type).members(membersFor(type)).build();

            // when converting null
            // then it is refused, naming the column and the reason
            assertRefused(column, null);
            assertThatThrownBy(() -> ValueConverter.convert(column, null)).hasMessageContaining("not nullable");
        }
    }

    @Nested
    class Integers {
        private final Column column = Column.of("quantity", ColumnType.INTEGER);

        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of(dec("5"), 5L),
                    Arguments.of("5", 5L),
                    Arguments.of(" 42 ", 42L),
                    Arguments.of(dec("5.0"), 5L),
                    Arguments.of("5.000", 5L),
                    Arguments.of(dec("-7"), -7L),
                    Arguments.of(dec("0"), 0L),
                    Arguments.of(9L, 9L),
                    Arguments.of(9, 9L),
                    Arguments.of(dec("1E+3"), 1000L),
                    Arguments.of("1e3", 1000L),
                    Arguments.of(String.valueOf(Long.MAX_VALUE), Long.MAX_VALUE),
                    Arguments.of(dec(String.valueOf(Long.MIN_VALUE)), Long.MIN_VALUE));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void shouldConvertWholeNumber_toLong_withinBigintRange(Object input, Object expected) {
            // given a whole number as JSON number, Java number or numeric string
            // when converting it for an INTEGER column (BIGINT by default)
            Object converted = ValueConverter.convert(column, input);

            // then it is the exact value
            assertThat(converted).isEqualTo(expected).isExactlyInstanceOf(expected.getClass());
        }

        static Stream<Arguments> widths() {
            return Stream.of(
                    // size, unsigned, smallest, largest
                    Arguments.of(1, false, "-128", "127"),
                    Arguments.of(1, true, "0", "255"),
                    Arguments.of(2, false, "-32768", "32767"),
                    Arguments.of(2, true, "0", "65535"),
                    Arguments.of(3, false, "-8388608", "8388607"),
                    Arguments.of(3, true, "0", "16777215"),
                    Arguments.of(4, false, "-2147483648", "2147483647"),
                    Arguments.of(4, true, "0", "4294967295"),
                    Arguments.of(8, false, "-9223372036854775808", "9223372036854775807"),
                    Arguments.of(8, true, "0", "18446744073709551615"));
        }

        @ParameterizedTest(name = "size {0} unsigned {1}: {2}..{3}")
        @MethodSource("widths")
        void shouldAcceptTheColumnsRangeExactly_andRefuseOneBeyondEitherEnd(int size, boolean unsigned, String min,
                                                                             String max) {
            // given an INTEGER column of that storage size and sign
            Column sized = new Column("n", ColumnType.INTEGER, size, null, null, false, unsigned);

            // when converting its smallest and largest values, and one beyond each
            Object low = ValueConverter.convert(sized, dec(min));
            Object high = ValueConverter.convert(sized, dec(max));

            // then both ends are kept exactly, and one beyond either end is refused, naming the SQL type
            assertThat(new BigInteger(low.toString())).isEqualTo(new BigInteger(min));
            assertThat(new BigInteger(high.toString())).isEqualTo(new BigInteger(max));
            assertThatThrownBy(() -> ValueConverter.convert(sized, dec(new BigInteger(min).subtract(BigInteger.ONE).toString())))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage()).contains("out of range"));
            assertThatThrownBy(() -> ValueConverter.convert(sized, dec(new BigInteger(max).add(BigInteger.ONE).toString())))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALUE_CONVERSION));
        }

        @Test
        void shouldRefuseTwoToTheSixtyThird_forADefaultBigint_beforeAnyWrite() {
            // given the value one past BIGINT's maximum (the database would refuse it mid-page)
            // when converting it for a plain INTEGER column
            // then it is refused at conversion, naming the range
            assertThatThrownBy(() -> ValueConverter.convert(column, new BigInteger("9223372036854775808")))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage())
                            .contains("out of range for BIGINT"));
        }

        static Stream<Object> refused() {
            return Stream.of(dec("5.5"), "5.5", dec("0.1"), dec("-0.000001"), "abc", "", "  ", "5,0", "0x10",
                    "1_000", Boolean.TRUE, new JsonText("{\"a\":1}"), new JsonText("[1]"), Double.NaN,
                    Double.POSITIVE_INFINITY, 5.5d);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void shouldRefuseFractionalOrNonNumericValue_forIntegerColumn(Object input) {
            // given a fractional or non-numeric value
            // when converting it for an INTEGER column
            // then it is refused (nothing is rounded or truncated)
            assertRefused(column, input);
        }

        @Test
        void shouldRefuseNumberWithAHugeExponent_promptly() {
            // given short JSON numbers with absurd exponents, as a remote can send them
            // when converting them for an INTEGER column
            // then each is refused within a moment instead of exhausting the invocation
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertRefused(column, dec("1e99999999")));
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertRefused(column, dec("1e-99999999")));
        }
    }

    @Nested
    class Decimals {
        private final Column money = new Column("price", ColumnType.DECIMAL, null, 5, 2, false);

        static Stream<Arguments> fitting() {
            return Stream.of(
                    Arguments.of(dec("123.45"), "123.45"),
                    Arguments.of("999.99", "999.99"),
                    Arguments.of("-999.99", "-999.99"),
                    Arguments.of(dec("1.5"), "1.5"),
                    Arguments.of(dec("1.500"), "1.5"),
                    Arguments.of(dec("0.01"), "0.01"),
                    Arguments.of(dec("0"), "0"),
                    Arguments.of(dec("0.00"), "0"),
                    Arguments.of(dec("1E+2"), "100"),
                    Arguments.of(7L, "7"),
                    Arguments.of(" 12.3 ", "12.3"));
        }

        @ParameterizedTest(name = "{0} fits DECIMAL(5,2)")
        @MethodSource("fitting")
        void shouldKeepTheExactValue_whenItFitsPrecisionAndScale(Object input, String expected) {
            // given a number that fits DECIMAL(5,2)
            // when converting it
            Object converted = ValueConverter.convert(money, input);

            // then it is a BigDecimal equal in value to the input
            assertThat(converted).isInstanceOf(BigDecimal.class);
            assertThat((BigDecimal) converted).isEqualByComparingTo(expected);
        }

        static Stream<Object> overflowing() {
            return Stream.of(dec("1234.5"), dec("1000"), "1000.00", dec("-1000"), dec("1E+3"),
                    dec("0.001"), "1.234", dec("999.999"), dec("-0.005"));
        }

        @ParameterizedTest(name = "{0} does not fit DECIMAL(5,2)")
        @MethodSource("overflowing")
        void shouldRefuseNumber_withTooManyIntegerDigitsOrDecimalPlaces(Object input) {
            // given a number needing more integer digits or decimal places than DECIMAL(5,2) holds
            // when converting it
            // then it is refused instead of being rounded by the database
            assertRefused(money, input);
        }

        static Stream<Object> notNumbers() {
            return Stream.of("abc", "", "NaN", "Infinity", "1.2.3", Boolean.FALSE, new JsonText("{}"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("notNumbers")
        void shouldRefuseNonNumericValue_forDecimalColumn(Object input) {
            // given a value that is not a finite number
            // when converting it for a DECIMAL column
            // then it is refused
            assertRefused(money, input);
        }

        @Test
        void shouldNeverPassThroughADouble_keepingEveryDigit() {
            // given a wide column and values a double cannot represent exactly
            Column wide = new Column("amount", ColumnType.DECIMAL, null, 40, 20, false);
            String manyDigits = "12345678901234567.12345678901234567891";

            // when converting them as JSON numbers and as strings
            BigDecimal fromNumber = (BigDecimal) ValueConverter.convert(wide, dec(manyDigits));
            BigDecimal fromString = (BigDecimal) ValueConverter.convert(wide, manyDigits);
            BigDecimal tenth = (BigDecimal) ValueConverter.convert(wide, "0.1");

            // then every digit survives (a double would give 12345678901234568 and 0.1000000000000000055…)
            assertThat(fromNumber.toPlainString()).isEqualTo(manyDigits);
            assertThat(fromString.toPlainString()).isEqualTo(manyDigits);
            assertThat(tenth).isEqualByComparingTo("0.1");
            assertThat(tenth.toPlainString()).isEqualTo("0.1");
        }

        @Test
        void shouldAcceptAnyNumber_whenPrecisionAndScaleAreUnchecked() {
            // given a DECIMAL column without precision or scale
            Column unchecked = Column.of("ratio", ColumnType.DECIMAL);
            String value = "123456789012345678901234567890.123456789";

            // when converting a long number
            Object converted = ValueConverter.convert(unchecked, value);

            // then it is kept exactly
            assertThat(((BigDecimal) converted).toPlainString()).isEqualTo(value);
        }

        @Test
        void shouldAcceptFraction_inAColumnWithNoIntegerDigits() {
            // given DECIMAL(2,2), which holds -0.99 .. 0.99
            Column fraction = new Column("discount", ColumnType.DECIMAL, null, 2, 2, false);

            // when converting fractions that fit, and one that does not
            // then the fitting ones convert and 1.00 is refused
            assertThat((BigDecimal) ValueConverter.convert(fraction, dec("0.25"))).isEqualByComparingTo("0.25");
            assertThat((BigDecimal) ValueConverter.convert(fraction, dec("-0.99"))).isEqualByComparingTo("-0.99");
            assertRefused(fraction, dec("1.00"));
        }

        @Test
        void shouldAcceptZero_inAColumnWithNoIntegerDigits() {
            // given DECIMAL(2,2), which holds 0
            Column fraction = new Column("discount", ColumnType.DECIMAL, null, 2, 2, false);

            // when converting zero in its usual spellings
            // then it converts
            assertThat((BigDecimal) ValueConverter.convert(fraction, dec("0"))).isEqualByComparingTo("0");
            assertThat((BigDecimal) ValueConverter.convert(fraction, dec("0.00"))).isEqualByComparingTo("0");
            assertThat((BigDecimal) ValueConverter.convert(fraction, "0")).isEqualByComparingTo("0");
        }
    }

    @Nested
    class Doubles {
        private final Column column = Column.of("score", ColumnType.DOUBLE);

        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of(dec("1.5"), 1.5d),
                    Arguments.of("2.25", 2.25d),
                    Arguments.of(" -0.5 ", -0.5d),
                    Arguments.of(3L, 3.0d),
                    Arguments.of(dec("1E+3"), 1000.0d),
                    Arguments.of("1e-3", 0.001d),
                    Arguments.of(dec("0"), 0.0d));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void shouldConvertFiniteNumber_toDouble(Object input, double expected) {
            // given a finite number or numeric string
            // when converting it for a DOUBLE column
            Object converted = ValueConverter.convert(column, input);

            // then it is that double
            assertThat(converted).isExactlyInstanceOf(Double.class).isEqualTo(expected);
        }

        static Stream<Object> refused() {
            return Stream.of("NaN", "Infinity", "-Infinity", " NaN ", Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, dec("1e400"), "1e400", dec("-1e400"), "abc", "", Boolean.TRUE,
                    new JsonText("[1.5]"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void shouldRefuseNonFiniteOrNonNumericValue_forDoubleColumn(Object input) {
            // given NaN, an infinity, a number overflowing double, or a non-number
            // when converting it for a DOUBLE column
            // then it is refused
            assertRefused(column, input);
        }
    }

    @Nested
    class Strings {
        private final Column title = new Column("title", ColumnType.STRING, 5, null, null, false);

        @Test
        void shouldRefuseAnUnpairedSurrogate_whichWouldBeStoredAsAQuestionMark() {
            // given text with a lone high surrogate, a lone low surrogate, and a proper pair
            // when converting them for STRING(5)
            // then the lone ones are refused, naming the column, and the pair is kept
            assertThatThrownBy(() -> ValueConverter.convert(title, "a\ud800b"))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage())
                            .contains("title").contains("unpaired surrogate").contains("index 1"));
            assertRefused(title, "\udc00");
            assertRefused(title, "ab\ud83d");
            assertThat(ValueConverter.convert(title, "a\ud83d\ude00")).isEqualTo("a😀");
        }

        static Stream<String> fitting() {
            return Stream.of("hello", "", "héllo", "日本語です", "😀😀😀😀😀", "a😀b😀c", "  x  ");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("fitting")
        void shouldKeepString_ofAtMostSizeCodePoints(String input) {
            // given a string of at most 5 characters (an emoji is one character, two UTF-16 units)
            // when converting it for STRING(5)
            Object converted = ValueConverter.convert(title, input);

            // then it is the same string, untrimmed
            assertThat(converted).isEqualTo(input);
        }

        static Stream<Object> refused() {
            return Stream.of("hello!", "😀😀😀😀😀😀", "      ", dec("5"), 5L, Boolean.TRUE, new JsonText("{\"a\":1}"),
                    new JsonText("[]"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void shouldRefuseTooLongStringOrNonString_forStringColumn(Object input) {
            // given a string longer than 5 characters, or a number, boolean or nested JSON
            // when converting it for STRING(5)
            // then it is refused (never truncated, never coerced)
            assertRefused(title, input);
        }

        @Test
        void shouldAcceptLongString_whenSizeIsUnbounded() {
            // given a STRING column without size
            Column text = Column.of("body", ColumnType.STRING);
            String longText = "x".repeat(100_000);

            // when converting a long string
            // then it is kept
            assertThat(ValueConverter.convert(text, longText)).isEqualTo(longText);
        }
    }

    @Nested
    class Booleans {
        private final Column column = Column.of("active", ColumnType.BOOLEAN);

        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of(Boolean.TRUE, true),
                    Arguments.of(Boolean.FALSE, false),
                    Arguments.of(dec("1"), true),
                    Arguments.of(dec("0"), false),
                    Arguments.of(dec("1.0"), true),
                    Arguments.of(dec("0.00"), false),
                    Arguments.of(1L, true),
                    Arguments.of(0, false),
                    Arguments.of("true", true),
                    Arguments.of("false", false),
                    Arguments.of("TRUE", true),
                    Arguments.of(" False ", false),
                    Arguments.of("1", true),
                    Arguments.of("0", false));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void shouldConvertBooleanLikeValue(Object input, boolean expected) {
            // given true/false, 0/1 or their text
            // when converting it for a BOOLEAN column
            Object converted = ValueConverter.convert(column, input);

            // then it is the matching Boolean
            assertThat(converted).isEqualTo(expected);
        }

        static Stream<Object> refused() {
            return Stream.of(dec("2"), dec("-1"), dec("0.5"), 2L, "yes", "no", "t", "f", "", "2", "on",
                    new JsonText("true"), new JsonText("[true]"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void shouldRefuseOtherValues_forBooleanColumn(Object input) {
            // given a value that is not one of the accepted spellings
            // when converting it for a BOOLEAN column
            // then it is refused
            assertRefused(column, input);
        }

        @Test
        void shouldRefuseNonFiniteDouble_asValueConversion() {
            // given NaN and infinity as Java doubles (a source other than the JSON decoder may produce them)
            // when converting them for a BOOLEAN column
            // then they are refused with VALUE_CONVERSION like every other bad value
            assertRefused(column, Double.NaN);
            assertRefused(column, Double.POSITIVE_INFINITY);
        }
    }
}
