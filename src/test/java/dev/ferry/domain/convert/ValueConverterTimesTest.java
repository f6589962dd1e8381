package dev.ferry.domain.convert;

import static dev.ferry.domain.convert.ConversionAssertions.assertRefused;
import static dev.ferry.domain.convert.ConversionAssertions.dec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Converting remote values to DATE and DATETIME/TIMESTAMP columns. */
class ValueConverterTimesTest {

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
}
