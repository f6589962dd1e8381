package dev.ferry.adapter.mysql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Date-times are bound as text ({@code 2025-03-01 10:00:00.123000}), not through setObject/setTimestamp:
 * Connector/J drops fractional seconds when it believes the server predates MySQL 5.6.4, and MariaDB
 * announces itself as {@code 5.5.5-10.x}, so {@code setObject(LocalDateTime)} would silently store
 * 10:00:00.123 as 10:00:00. A literal is converted by the server itself (MySQL, MariaDB and TiDB alike),
 * involves no time zone, and keeps the fraction; the column's precision then decides what is kept.
 */
final class SqlTimes {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private SqlTimes() {
    }

    /** A date-time literal to the microsecond (finer digits are cut, as RowHash does). */
    static String dateTime(LocalDateTime value) {
        int year = value.getYear();
        if (year < 0 || year > 9999) {
            return MICROS.format(value.truncatedTo(ChronoUnit.MICROS));
        }
        // what MICROS gives for four-digit years, written without the formatter (it is on every row's write path)
        char[] text = new char[26];
        put(text, 0, year, 4);
        text[4] = '-';
        put(text, 5, value.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, value.getDayOfMonth(), 2);
        text[10] = ' ';
        put(text, 11, value.getHour(), 2);
        text[13] = ':';
        put(text, 14, value.getMinute(), 2);
        text[16] = ':';
        put(text, 17, value.getSecond(), 2);
        text[19] = '.';
        put(text, 20, value.getNano() / 1_000, 6);
        return new String(text);
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code from}. */
    private static void put(char[] text, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** An instant as a UTC date-time literal to the millisecond, for {@code DATETIME(3)} state columns. */
    static String utcMillis(Instant instant) {
        return MILLIS.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }
}
