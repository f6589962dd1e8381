package dev.ferry.domain.convert;

import static dev.ferry.domain.convert.ConversionAssertions.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.TextCharset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edges of every MySQL/TiDB column type: min, max, empty, NULL, longest, fractions, zero dates. */
class MySqlTypeConversionTest {

    private static Object convert(Column column, Object value) {
        return ValueConverter.convert(column, value);
    }

    private static void assertRefused(Column column, Object value, String because) {
        assertThatThrownBy(() -> convert(column, value))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALUE_CONVERSION);
                    assertThat(e.getMessage()).contains("column " + column.name()).contains(because);
                });
    }

    @Nested
    class Integers {
        @ParameterizedTest
        @CsvSource({
                "1, false, -128, 127", "1, true, 0, 255",
                "2, false, -32768, 32767", "2, true, 0, 65535",
                "3, false, -8388608, 8388607", "3, true, 0, 16777215",
                "4, false, -2147483648, 2147483647", "4, true, 0, 4294967295",
                "8, false, -9223372036854775808, 9223372036854775807", "8, true, 0, 18446744073709551615"})
        void shouldAcceptTheEdgesOfEachWidth_andRefuseOnePast(int size, boolean unsigned, String min, String max) {
            Column c = Column.builder("n", ColumnType.INTEGER).size(size).unsigned(unsigned).build();

            assertThat(new BigDecimal(convert(c, dec(min)).toString())).isEqualByComparingTo(min);
            assertThat(new BigDecimal(convert(c, dec(max)).toString())).isEqualByComparingTo(max);
            assertRefused(c, dec(min).subtract(BigDecimal.ONE), "out of range");
            assertRefused(c, dec(max).add(BigDecimal.ONE), "out of range");
        }

        @Test
        void shouldKeepTheLargestUnsignedBigintExact() {
            Column c = Column.builder("n", ColumnType.INTEGER).size(8).unsigned(true).build();

            assertThat(convert(c, "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        }
    }

    @Nested
    class Floats {
        private final Column column = Column.of("f", ColumnType.FLOAT);

        @Test
        void shouldRoundToSinglePrecision_asTheDatabaseDoes() {
            assertThat(convert(column, dec("1.2345678"))).isEqualTo(1.2345678f);
            assertThat(convert(column, dec("0.1"))).isEqualTo(0.1f);
            assertThat(convert(column, "-2.5")).isEqualTo(-2.5f);
            assertThat(convert(column, dec("-0.0"))).isEqualTo(0.0f);
        }

        @Test
        void shouldAcceptTheLargestFloatTheDatabaseStores_andTheSmallest() {
            float largest = Math.nextDown(Float.MAX_VALUE);

            assertThat(convert(column, dec(Float.toString(largest)))).isEqualTo(largest);
            assertThat(convert(column, dec("-" + largest))).isEqualTo(-largest);
            assertThat(convert(column, dec("1.4E-45"))).isEqualTo(Float.MIN_VALUE);
        }

        @Test
        void shouldRefuseMagnitudesBeyondMySqlsFloatRange() {
            assertRefused(column, dec("3.402823466E38"), "out of range for FLOAT");
            assertRefused(column, dec("1E39"), "out of range for FLOAT");
            assertRefused(column, "NaN", "expects a number");
            assertRefused(column, true, "expects a number");
        }

        @Test
        void shouldRefuseNegatives_whenUnsigned_andDigitsBeyondMAndD() {
            Column unsigned = Column.builder("f", ColumnType.FLOAT).unsigned(true).build();
            Column md = Column.builder("f", ColumnType.FLOAT).precision(7).scale(4).build();

            assertRefused(unsigned, dec("-1"), "UNSIGNED");
            assertThat(convert(md, dec("123.4567"))).isEqualTo(123.4567f);
            assertRefused(md, dec("1.23456"), "without rounding");
            assertRefused(md, dec("1234.5"), "without rounding");
        }
    }

    @Nested
    class Doubles {
        @Test
        void shouldAcceptTheExtremes_andRefuseNegativesWhenUnsigned() {
            Column c = Column.of("d", ColumnType.DOUBLE);
            Column unsigned = Column.builder("d", ColumnType.DOUBLE).unsigned(true).build();

            assertThat(convert(c, dec("1.7976931348623157E308"))).isEqualTo(Double.MAX_VALUE);
            assertThat(convert(c, dec("4.9E-324"))).isEqualTo(Double.MIN_VALUE);
            assertThat(convert(unsigned, dec("0"))).isEqualTo(0.0);
            assertRefused(unsigned, dec("-0.5"), "UNSIGNED");
        }
    }

    @Nested
    class Decimals {
        @Test
        void shouldRefuseNegatives_whenUnsigned() {
            Column c = Column.builder("d", ColumnType.DECIMAL).precision(5).scale(2).unsigned(true).build();

            assertThat(convert(c, dec("999.99"))).isEqualTo(dec("999.99"));
            assertThat(convert(c, dec("0"))).isEqualTo(dec("0"));
            assertRefused(c, dec("-0.01"), "UNSIGNED");
            assertRefused(c, dec("1000"), "does not fit");
        }
    }

    @Nested
    class Bits {
        @Test
        void shouldAcceptZeroToAllOnes_forEachWidth() {
            Column one = Column.builder("b", ColumnType.BIT).build();
            Column sixtyFour = Column.builder("b", ColumnType.BIT).size(64).build();

            assertThat(one.size()).isEqualTo(1);
            assertThat(convert(one, dec("0"))).isEqualTo(0L);
            assertThat(convert(one, dec("1"))).isEqualTo(1L);
            assertThat(convert(one, true)).isEqualTo(1L);
            assertRefused(one, dec("2"), "BIT(1)");
            assertThat(convert(sixtyFour, "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
            assertThat(convert(sixtyFour, dec("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
            assertRefused(sixtyFour, "18446744073709551616", "out of range for BIT(64)");
            assertRefused(sixtyFour, dec("-1"), "out of range");
            assertRefused(sixtyFour, dec("1.5"), "whole number");
        }

        @Test
        void shouldRefuseWidthsBeyond64() {
            assertThatThrownBy(() -> Column.builder("b", ColumnType.BIT).size(65).build())
                    .hasMessageContaining("1 to 64");
        }
    }

    @Nested
    class Strings {
        @Test
        void shouldCountCharacters_forVarchar_andBytes_forText() {
            Column varchar = Column.builder("s", ColumnType.STRING).size(3).charset(TextCharset.UTF8MB4).build();
            Column tinyText = Column.builder("s", ColumnType.STRING).maxBytes(255L).charset(TextCharset.UTF8MB4).build();

            assertThat(convert(varchar, "😀😀😀")).isEqualTo("😀😀😀"); // 3 characters, 12 bytes
            assertRefused(varchar, "abcd", "longer than 3 characters");
            assertThat(convert(tinyText, "é".repeat(127))).isEqualTo("é".repeat(127)); // 254 bytes
            assertThat(convert(tinyText, "a".repeat(255))).isEqualTo("a".repeat(255));
            assertRefused(tinyText, "é".repeat(128), "256 bytes in utf8mb4, the column holds 255");
            assertRefused(tinyText, "😀".repeat(64), "256 bytes");
            assertThat(convert(tinyText, "")).isEqualTo("");
        }

        @Test
        void shouldRefuseCharactersTheCharsetCannotStore() {
            Column mb3 = Column.builder("s", ColumnType.STRING).charset(TextCharset.UTF8MB3).build();
            Column latin1 = Column.builder("s", ColumnType.STRING).charset(TextCharset.LATIN1).build();
            Column ascii = Column.builder("s", ColumnType.STRING).charset(TextCharset.ASCII).build();

            assertThat(convert(mb3, "ünïcødé ✓")).isEqualTo("ünïcødé ✓");
            assertRefused(mb3, "ok 😀", "U+1F600 at index 3, which its character set utf8mb3 cannot store");
            assertThat(convert(latin1, "Café € ‰ ÿ")).isEqualTo("Café € ‰ ÿ");
            assertRefused(latin1, "Ω", "latin1 cannot store");
            assertRefused(ascii, "é", "ascii cannot store");
        }

        @Test
        void shouldRefuseTrailingSpaces_inChar_whichTheDatabaseDrops() {
            Column charColumn = Column.builder("c", ColumnType.STRING).size(5).fixed(true).build();

            assertThat(convert(charColumn, " ab")).isEqualTo(" ab");
            assertThat(convert(charColumn, "abcde")).isEqualTo("abcde");
            assertThat(convert(charColumn, "")).isEqualTo("");
            assertRefused(charColumn, "ab ", "CHAR(5) column drops");
        }
    }

    @Nested
    class Enums {
        private final Column column = Column.builder("size", ColumnType.ENUM).members(List.of("small", "Large", "")).build();

        @Test
        void shouldAcceptMembersExactly() {
            assertThat(convert(column, "small")).isEqualTo("small");
            assertThat(convert(column, "Large")).isEqualTo("Large");
            assertThat(convert(column, "")).isEqualTo("");
        }

        @Test
        void shouldRefuseAnythingElse_namingTheMembers() {
            assertRefused(column, "large", "'large' is not one of its members ['small', 'Large', '']");
            assertRefused(column, "medium", "not one of its members");
            assertRefused(column, dec("1"), "expects one of its members");
        }

        @Test
        void shouldRefuseMembersTheDatabaseWouldChange() {
            assertThatThrownBy(() -> Column.builder("e", ColumnType.ENUM).members(List.of("a ")).build())
                    .hasMessageContaining("ends with a space");
            assertThatThrownBy(() -> Column.builder("e", ColumnType.ENUM).members(List.of("a", "a")).build())
                    .hasMessageContaining("twice");
            assertThatThrownBy(() -> Column.builder("e", ColumnType.ENUM).build()).hasMessageContaining("members");
        }
    }

    @Nested
    class Sets {
        private final Column column = Column.builder("tags", ColumnType.SET).members(List.of("red", "green", "blue")).build();

        @Test
        void shouldWriteMembersInDeclaredOrderOnce_asTheDatabaseReturnsThem() {
            assertThat(convert(column, "blue,red")).isEqualTo("red,blue");
            assertThat(convert(column, "red,red")).isEqualTo("red");
            assertThat(convert(column, "")).isEqualTo("");
            assertThat(convert(column, "blue,green,red")).isEqualTo("red,green,blue");
        }

        @Test
        void shouldAcceptAJsonArrayOfMembers() {
            assertThat(convert(column, new JsonText("[\"green\", \"red\"]"))).isEqualTo("red,green");
            assertThat(convert(column, new JsonText("[]"))).isEqualTo("");
        }

        @Test
        void shouldRefuseUnknownMembers() {
            assertRefused(column, "red,pink", "'pink' is not one of its members");
            assertRefused(column, "Red", "not one of its members");
            assertRefused(column, new JsonText("[1]"), "member strings");
            assertRefused(column, dec("3"), "expects its members");
        }

        @Test
        void shouldHoldAtMost64Members() {
            List<String> members = java.util.stream.IntStream.range(0, 65).mapToObj(i -> "m" + i).toList();

            assertThatThrownBy(() -> Column.builder("s", ColumnType.SET).members(members).build()).hasMessageContaining("64");
        }
    }

    @Nested
    class Dates {
        @Test
        void shouldRefuseZeroDates_withAClearError() {
            Column date = Column.of("d", ColumnType.DATE);
            Column datetime = Column.of("dt", ColumnType.DATETIME);
            Column timestamp = Column.of("ts", ColumnType.TIMESTAMP);

            assertRefused(date, "0000-00-00", "is a zero date (0000-00-00)");
            assertRefused(date, "2024-00-10", "zero date");
            assertRefused(date, "2024-05-00", "zero date");
            assertRefused(datetime, "0000-00-00 00:00:00", "zero date");
            assertRefused(timestamp, "0000-00-00T00:00:00Z", "zero date");
        }

        @Test
        void shouldAcceptTheRangeEdges() {
            Column date = Column.of("d", ColumnType.DATE);
            Column datetime = Column.builder("dt", ColumnType.DATETIME).fsp(6).build();

            assertThat(convert(date, "1000-01-01")).isEqualTo(LocalDate.of(1000, 1, 1));
            assertThat(convert(date, "9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
            assertThat(convert(datetime, "9999-12-31 23:59:59.999999"))
                    .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
        }
    }

    @Nested
    class FractionalSeconds {
        @Test
        void shouldRefuseFractionsFinerThanTheColumnKeeps() {
            Column dt0 = Column.builder("dt", ColumnType.DATETIME).fsp(0).build();
            Column dt3 = Column.builder("dt", ColumnType.DATETIME).fsp(3).build();
            Column ts6 = Column.builder("ts", ColumnType.TIMESTAMP).fsp(6).build();

            assertThat(convert(dt0, "2024-03-01T10:15:30")).isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 15, 30));
            assertRefused(dt0, "2024-03-01T10:15:30.5", "finer than DATETIME(0) keeps");
            assertThat(convert(dt3, "2024-03-01T10:15:30.120")).isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 15, 30, 120_000_000));
            assertRefused(dt3, "2024-03-01T10:15:30.1201", "DATETIME(3)");
            assertThat(convert(ts6, "2038-01-19T03:14:07.999999Z")).isEqualTo(LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000));
            assertRefused(ts6, "2038-01-19T03:14:08Z", "outside the TIMESTAMP range");
            assertRefused(ts6, "2024-01-01T00:00:00.0000001Z", "TIMESTAMP(6)");
        }

        @Test
        void shouldLeaveFractionsUnchecked_withoutFsp_asBefore() {
            Column dt = Column.of("dt", ColumnType.DATETIME);

            assertThat(convert(dt, "2024-03-01T10:15:30.123456789")).isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_456_789));
        }
    }

    @Nested
    class Times {
        private final Column time6 = Column.builder("t", ColumnType.TIME).fsp(6).build();

        @Test
        void shouldAcceptTheWholeRange_negativeAndFractional() {
            assertThat(convert(time6, "838:59:59")).isEqualTo(Duration.parse("PT838H59M59S"));
            assertThat(convert(time6, "-838:59:59.000000")).isEqualTo(Duration.parse("-PT838H59M59S"));
            assertThat(convert(time6, "-837:59:59.999999")).isEqualTo(Duration.parse("-PT837H59M59.999999S"));
            assertThat(convert(time6, "-00:00:00.5")).isEqualTo(Duration.ofMillis(-500));
            assertThat(convert(time6, "00:00:00")).isEqualTo(Duration.ZERO);
            assertThat(convert(time6, "-0:00:00")).isEqualTo(Duration.ZERO);
            assertThat(convert(time6, "12:30:05")).isEqualTo(Duration.parse("PT12H30M5S"));
        }

        @Test
        void shouldRefuseOutOfRange_malformed_andTooFine() {
            Column time0 = Column.builder("t", ColumnType.TIME).fsp(0).build();

            assertRefused(time6, "839:00:00", "outside the TIME range");
            assertRefused(time6, "838:59:59.000001", "outside the TIME range -838:59:59 to 838:59:59");
            assertRefused(time6, "-839:00:00", "outside the TIME range");
            assertRefused(time6, "12:60:00", "over 59");
            assertRefused(time6, "noon", "expects a time");
            assertRefused(time6, dec("3600"), "expects a time");
            assertRefused(time0, "10:00:00.5", "finer than TIME(0) keeps");
            assertRefused(Column.of("t", ColumnType.TIME), "10:00:00.0000001", "finer than microseconds");
        }
    }

    @Nested
    class Years {
        private final Column column = Column.of("y", ColumnType.YEAR);

        @Test
        void shouldAccept1901To2155() {
            assertThat(convert(column, dec("1901"))).isEqualTo(1901);
            assertThat(convert(column, "2155")).isEqualTo(2155);
        }

        @Test
        void shouldRefuseTheZeroYear_andEverythingOutside() {
            assertRefused(column, dec("0"), "zero year 0000");
            assertRefused(column, "0000", "zero year");
            assertRefused(column, dec("1900"), "outside the YEAR range 1901 to 2155");
            assertRefused(column, dec("2156"), "outside the YEAR range");
            assertRefused(column, dec("2024.5"), "whole year");
        }
    }

    @Nested
    class Binaries {
        @Test
        void shouldRequireExactlyTheSize_forFixedBinary_andAcceptEmpty_forVarbinary() {
            Column fixed = Column.builder("b", ColumnType.BINARY).size(4).fixed(true).build();
            Column varbinary = Column.builder("b", ColumnType.BINARY).size(4).build();

            assertThat((byte[]) convert(fixed, "AQIDBA==")).containsExactly(1, 2, 3, 4);
            assertRefused(fixed, "AQID", "a BINARY(4) holds exactly 4");
            assertThat((byte[]) convert(varbinary, "")).isEmpty();
            assertRefused(varbinary, "AQIDBAU=", "5 bytes, column holds 4");
        }
    }

    @Nested
    class Uuids {
        private final Column column = Column.of("id", ColumnType.UUID);

        @Test
        void shouldAcceptTheCanonicalText_inAnyCase_andBase64_asTheSameBytes() {
            byte[] expected = HexFormat.of().parseHex("123e4567e89b12d3a456426614174000");

            assertThat((byte[]) convert(column, "123e4567-e89b-12d3-a456-426614174000")).isEqualTo(expected);
            assertThat((byte[]) convert(column, "123E4567-E89B-12D3-A456-426614174000")).isEqualTo(expected);
            assertThat((byte[]) convert(column, Base64.getEncoder().encodeToString(expected))).isEqualTo(expected);
            assertThat((byte[]) convert(column, "00000000-0000-0000-0000-000000000000")).isEqualTo(new byte[16]);
        }

        @Test
        void shouldRefuseAnythingNot16Bytes() {
            assertRefused(column, "123e4567-e89b-12d3-a456-42661417400", "a UUID is 16");
            assertRefused(column, "not a uuid!", "expects a UUID");
            assertRefused(column, "AQID", "3 bytes, a UUID is 16");
            assertRefused(column, dec("1"), "expects a UUID");
        }
    }

    @Nested
    class Geometries {
        private final Column any = Column.of("g", ColumnType.GEOMETRY);
        private final Column point4326 = Column.builder("p", ColumnType.GEOMETRY).geometry(GeometryType.POINT).srid(4326).build();

        @Test
        void shouldAcceptMySqlsStorageForm_andTheSridWkbObject_asTheSameBytes() {
            byte[] stored = stored(4326, point(1, 2));
            String base64 = Base64.getEncoder().encodeToString(stored);
            JsonText object = new JsonText("{\"wkb\":\"" + Base64.getEncoder().encodeToString(point(1, 2)) + "\",\"srid\":4326}");

            assertThat((byte[]) convert(point4326, base64)).isEqualTo(stored);
            assertThat((byte[]) convert(point4326, object)).isEqualTo(stored);
            assertThat((byte[]) convert(any, Base64.getEncoder().encodeToString(stored(0, polygon())))).hasSize(4 + 93);
        }

        @Test
        void shouldRefuseAnotherTypeOrSrid_andBrokenWkb() {
            assertRefused(point4326, Base64.getEncoder().encodeToString(stored(0, point(1, 2))), "SRID 0, the column holds SRID 4326");
            assertRefused(point4326, Base64.getEncoder().encodeToString(stored(4326, lineString())), "holds a LINESTRING, the column is POINT");
            byte[] truncated = stored(0, point(1, 2));
            assertRefused(any, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(truncated, truncated.length - 1)),
                    "ends inside its WKB");
            byte[] trailing = java.util.Arrays.copyOf(truncated, truncated.length + 1);
            assertRefused(any, Base64.getEncoder().encodeToString(trailing), "1 bytes after the end");
            byte[] pointZ = stored(0, point(1, 2));
            pointZ[5] = (byte) 0xE9; // 1001, POINT Z
            pointZ[6] = 0x03;
            assertRefused(any, Base64.getEncoder().encodeToString(pointZ), "WKB type 1001");
            assertRefused(any, Base64.getEncoder().encodeToString(stored(0, point(Double.NaN, 0))), "not a finite number");
            byte[] huge = stored(0, lineString());
            huge[9] = (byte) 0xFF; // a point count far beyond the bytes there are
            assertRefused(any, Base64.getEncoder().encodeToString(huge), "more than its");
            assertRefused(any, dec("1"), "expects base64");
        }

        private byte[] point(double x, double y) {
            return ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1).putDouble(x).putDouble(y).array();
        }

        private byte[] lineString() {
            return ByteBuffer.allocate(41).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(2).putInt(2)
                    .putDouble(0).putDouble(0).putDouble(1).putDouble(1).array();
        }

        private byte[] polygon() {
            ByteBuffer b = ByteBuffer.allocate(93).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(3).putInt(1).putInt(5);
            double[][] ring = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
            for (double[] p : ring) {
                b.putDouble(p[0]).putDouble(p[1]);
            }
            return b.array();
        }

        private byte[] stored(int srid, byte[] wkb) {
            return ByteBuffer.allocate(4 + wkb.length).order(ByteOrder.LITTLE_ENDIAN).putInt(srid).put(wkb).array();
        }
    }
}
