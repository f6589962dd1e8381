package dev.ferry.domain.convert;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * The common shapes of a date-time a remote sends, read without a {@link java.time.format.DateTimeFormatter}:
 * {@code yyyy-MM-ddTHH:mm:ss}, optionally with 1 to 9 fraction digits, optionally ending in {@code Z}.
 * Anything else (offsets, a space, lower case, years past 9999, missing seconds) is left to the formatter,
 * and so is a value out of range, so its refusal keeps one wording. For every text it reads, the result is
 * what {@code LocalDateTime.parse} (with {@code Z}: the UTC instant) gives.
 */
final class IsoDateTimes {
    private IsoDateTimes() {
    }

    /** The date-time, or null when {@code text} is not in a shape read here or is not a valid date-time. */
    static LocalDateTime parseOrNull(String text) {
        int length = text.length();
        if (length > 0 && text.charAt(length - 1) == 'Z') {
            length--;
        }
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nano = 0;
        if (length > 19) {
            int fraction = length - 20;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nano = digits(text, 20, fraction);
            for (int i = fraction; i < 9 && nano >= 0; i++) {
                nano *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nano) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nano);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** The number written by {@code count} ASCII digits from {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
