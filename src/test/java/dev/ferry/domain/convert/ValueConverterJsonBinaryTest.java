package dev.ferry.domain.convert;

import static dev.ferry.domain.convert.ConversionAssertions.assertRefused;
import static dev.ferry.domain.convert.ConversionAssertions.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Converting remote values to JSON and binary columns. */
class ValueConverterJsonBinaryTest {

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
