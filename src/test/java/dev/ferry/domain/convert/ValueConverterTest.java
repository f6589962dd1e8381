package dev.ferry.domain.convert;

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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValueConverterTest {

    /** Asserts the conversion fails permanently with VALUE_CONVERSION and names the column. */
    private static void assertRefused(Column column, Object value) {
        assertThatThrownBy(() -> ValueConverter.convert(column, value))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALUE_CONVERSION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("column " + column.name());
                });
    }

    /** ENUM and SET columns need members; other types none. */
    private static List<String> membersFor(ColumnType type) {
        return type == ColumnType.ENUM || type == ColumnType.SET ? List.of("a", "b") : null;
    }

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

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

    @Nested
    class Dates {
        private final Column column = Column.of("birthday", ColumnType.DATE);

        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of("2024-03-01", LocalDate.of(2024, 3, 1)),
                    Arguments.of(" 2024-02-29 ", LocalDate.of(2024, 2, 29)),
                    Arguments.of("1000-01-01", LocalDate.of(1000, 1, 1)),
                    Arguments.of(dec("0"), LocalDate.of(1970, 1, 1)),
                    Arguments.of(dec("1709251200000"), LocalDate.of(2024, 3, 1)),
                    Arguments.of(dec("1709337599999"), LocalDate.of(2024, 3, 1)),
                    Arguments.of(1709337600000L, LocalDate.of(2024, 3, 2)),
                    Arguments.of(dec("-1"), LocalDate.of(1969, 12, 31)));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void shouldConvertIsoDateOrEpochMillis_toLocalDate(Object input, LocalDate expected) {
            // given an ISO date or epoch milliseconds (read in UTC)
            // when converting it for a DATE column
            Object converted = ValueConverter.convert(column, input);

            // then it is that date
            assertThat(converted).isEqualTo(expected);
        }

        static Stream<Object> refused() {
            return Stream.of("2024-02-30", "2023-02-29", "2024-13-01", "01.03.2024", "2024-3-1", "2024/03/01",
                    "2024-03-01T10:00:00", "", "today", dec("1.5"), Boolean.TRUE, new JsonText("{}"), "0000-01-01",
                    "+10000-01-01", "-0001-01-01");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void shouldRefuseInvalidOrNonIsoDate_forDateColumn(Object input) {
            // given an impossible date, another format, fractional millis or a non-date
            // when converting it for a DATE column
            // then it is refused
            assertRefused(column, input);
        }
    }

    @Nested
    class DateTimes {

        static Stream<Arguments> accepted() {
            List<Arguments> cases = new ArrayList<>();
            Object[][] inputs = {
                    {"2024-03-01T10:15:30Z", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01T10:15:30z", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01T12:15:30+02:00", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01T05:15:30-05:00", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01T01:00:00+02:00", LocalDateTime.of(2024, 2, 29, 23, 0)},
                    {"2024-03-01T10:15:30.123456789Z", LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_456_789)},
                    {"2024-03-01T10:15:30", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01 10:15:30", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01 12:15:30+02:00", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {"2024-03-01T10:15:30.123456", LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_456_000)},
                    {"2024-03-01T10:15", LocalDateTime.of(2024, 3, 1, 10, 15)},
                    {"  2024-03-01T10:15:30Z  ", LocalDateTime.of(2024, 3, 1, 10, 15, 30)},
                    {dec("1000"), LocalDateTime.of(1970, 1, 1, 0, 0, 1)},
                    {dec("1709288130123"), LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000)},
                    {1709288130123L, LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000)},
                    {dec("1709288130123.000"), LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000)}};
            for (ColumnType type : List.of(ColumnType.DATETIME, ColumnType.TIMESTAMP)) {
                for (Object[] input : inputs) {
                    cases.add(Arguments.of(type, input[0], input[1]));
                }
            }
            // before 1970-01-01 00:00:01 UTC only a DATETIME holds it
            cases.add(Arguments.of(ColumnType.DATETIME, dec("0"), LocalDateTime.of(1970, 1, 1, 0, 0)));
            cases.add(Arguments.of(ColumnType.DATETIME, dec("-1000"), LocalDateTime.of(1969, 12, 31, 23, 59, 59)));
            cases.add(Arguments.of(ColumnType.DATETIME, "0001-01-01T00:00:00", LocalDateTime.of(1, 1, 1, 0, 0)));
            cases.add(Arguments.of(ColumnType.DATETIME, "9999-12-31T23:59:59.999999", LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)));
            cases.add(Arguments.of(ColumnType.TIMESTAMP, "2038-01-19T03:14:07.999999Z", LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000)));
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}: {1} -> {2}")
        @MethodSource("accepted")
        void shouldConvertIsoDateTimeOrEpochMillis_toUtcLocalDateTime(ColumnType type, Object input, LocalDateTime expected) {
            // given an ISO date-time (with Z, an offset, or no zone; T or space) or epoch milliseconds
            Column column = Column.of("created_at", type);

            // when converting it for a DATETIME or TIMESTAMP column
            Object converted = ValueConverter.convert(column, input);

            // then it is the same instant as a UTC local date-time (zone-less input is taken as is)
            assertThat(converted).isEqualTo(expected);
        }

        static Stream<Arguments> refused() {
            List<Arguments> cases = new ArrayList<>();
            Object[] inputs = {"2024-03-01", "10:15:30", "2024-03-01T25:00:00", "2024-02-30T10:00:00",
                    "2024-03-01T10:15:30+25:00", "2024-03-01T10:15:30 UTC", "01/03/2024 10:15", "yesterday", "",
                    dec("1.5"), dec("1e30"), Boolean.TRUE, new JsonText("{}"), "0000-01-01T00:00:00",
                    "+10000-01-01T00:00:00"};
            for (ColumnType type : List.of(ColumnType.DATETIME, ColumnType.TIMESTAMP)) {
                for (Object input : inputs) {
                    cases.add(Arguments.of(type, input));
                }
            }
            // outside TIMESTAMP's 1970-01-01 00:00:01 .. 2038-01-19 03:14:07.999999 UTC
            for (Object input : new Object[] {dec("0"), "1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z", "2040-01-01T00:00:00Z",
                    "1969-12-31T23:59:59Z"}) {
                cases.add(Arguments.of(ColumnType.TIMESTAMP, input));
            }
            return cases.stream();
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("refused")
        void shouldRefuseInvalidDateTime(ColumnType type, Object input) {
            // given a date only, a time only, an impossible or unrecognised date-time, or fractional/out-of-range millis
            Column column = Column.of("created_at", type);

            // when converting it
            // then it is refused
            assertRefused(column, input);
        }
    }

    @Nested
    class Json {
        private final Column column = Column.of("payload", ColumnType.JSON);

        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of(new JsonText("{\"a\": [1, 2]}"), "{\"a\": [1, 2]}"),
                    Arguments.of(new JsonText("[]"), "[]"),
                    Arguments.of("{\"a\":1}", "{\"a\":1}"),
                    Arguments.of("\"quoted\"", "\"quoted\""),
                    Arguments.of(dec("1.50"), "1.50"),
                    Arguments.of(dec("1E+3"), "1000"),
                    Arguments.of(dec("-7"), "-7"),
                    Arguments.of(5L, "5"),
                    Arguments.of(Boolean.TRUE, "true"),
                    Arguments.of(Boolean.FALSE, "false"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("accepted")
        void shouldKeepJsonText_stringOrScalar_asJsonText(Object input, String expectedJson) {
            // given nested JSON, a string holding JSON text, a number or a boolean
            // when converting it for a JSON column
            Object converted = ValueConverter.convert(column, input);

            // then it is JSON text with the same content (numbers in plain notation)
            assertThat(converted).isEqualTo(new JsonText(expectedJson));
        }

        @Test
        void shouldRefuseJson_longerThanTheColumnSize() {
            // given a JSON column of size 10
            Column small = new Column("payload", ColumnType.JSON, 10, null, null, false);

            // when converting 10 and 11 characters of JSON
            // then the first fits and the second is refused
            assertThat(ValueConverter.convert(small, "[1,2,3,45]")).isEqualTo(new JsonText("[1,2,3,45]"));
            assertRefused(small, "[1,2,3,456]");
        }

        static Stream<Arguments> unstorable() {
            return Stream.of(
                    Arguments.of("{\"a\":", "ends inside a value"),
                    Arguments.of("{'a':1}", "member name"),
                    Arguments.of("[1,]", "value expected"),
                    Arguments.of("01", "unexpected text"),
                    Arguments.of("not json", "value expected"),
                    Arguments.of("{\"n\":1e2000000000}", "exponent"),
                    Arguments.of("[1e309]", "exponent"),
                    Arguments.of("\"\\ud800\"", "unpaired surrogate"),
                    Arguments.of("[".repeat(101) + "]".repeat(101), "101 levels"),
                    Arguments.of("[".repeat(600) + "]".repeat(600), "deeper than"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("unstorable")
        void shouldRefuseJsonTheDatabaseWouldRefuseOrAlter_namingWhy(String text, String why) {
            // given JSON text a database would refuse (invalid, too deep, a number beyond a double) or alter (a lone surrogate)
            // when converting it for a JSON column
            // then it is refused at conversion, before anything is written, saying why
            assertThatThrownBy(() -> ValueConverter.convert(column, text))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VALUE_CONVERSION);
                        assertThat(e.getMessage()).contains("payload").contains(why);
                    });
        }

        @Test
        void shouldAcceptJson_atTheEdgesOfWhatIsStorable() {
            // given a document 100 levels deep and numbers at a double's limits
            String deep = "[".repeat(100) + "]".repeat(100);

            // when converting them
            // then they are kept
            assertThat(ValueConverter.convert(column, deep)).isEqualTo(new JsonText(deep));
            assertThat(ValueConverter.convert(column, "[1.7e308, -4.9e-308, 0e999999]"))
                    .isEqualTo(new JsonText("[1.7e308, -4.9e-308, 0e999999]"));
        }

        @Test
        void shouldRefuseValue_thatIsNotJsonTextStringNumberOrBoolean() {
            // given bytes and a date object
            // when converting them for a JSON column
            // then they are refused
            assertRefused(column, new byte[] {1});
            assertRefused(column, LocalDate.of(2024, 3, 1));
        }
    }

    @Nested
    class Binary {
        private final Column column = new Column("blob", ColumnType.BINARY, 4, null, null, false);

        static Stream<Arguments> accepted() {
            return Stream.of(
                    Arguments.of("AQID", new byte[] {1, 2, 3}),
                    Arguments.of("AQIDBA==", new byte[] {1, 2, 3, 4}),
                    Arguments.of("AQIDBA", new byte[] {1, 2, 3, 4}),
                    Arguments.of("+/8=", new byte[] {(byte) 0xfb, (byte) 0xff}),
                    Arguments.of("-_8=", new byte[] {(byte) 0xfb, (byte) 0xff}),
                    Arguments.of("-_8", new byte[] {(byte) 0xfb, (byte) 0xff}),
                    Arguments.of("", new byte[0]));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("accepted")
        void shouldDecodeStandardOrUrlSafeBase64(String input, byte[] expected) {
            // given base64 text, standard or URL-safe, padded or not
            // when converting it for BINARY(4)
            Object converted = ValueConverter.convert(column, input);

            // then it is the decoded bytes
            assertThat(converted).isInstanceOf(byte[].class);
            assertThat((byte[]) converted).containsExactly(expected);
        }

        static Stream<Object> refused() {
            return Stream.of("!!!!", "A", "AQID BA==", "AQ=D", "+_8=", "AQIDBAU=", dec("5"), Boolean.TRUE,
                    new JsonText("[1,2]"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("refused")
        void shouldRefuseInvalidBase64_overSizeBytes_orNonString(Object input) {
            // given invalid base64 (bad characters, bad length, mixed alphabets), 5 bytes, or a non-string
            // when converting it for BINARY(4)
            // then it is refused
            assertRefused(column, input);
        }
    }
}
