package dev.ferry.domain.page;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The text of a TIME value (a {@link Duration} from -838:59:59 to 838:59:59), as MySQL
 * writes it: an optional minus, hours (at least two digits), minutes, seconds, then a fraction.
 */
public final class TimeText {
    private TimeText() {
    }

    /**
     * The canonical form used for hashing and in Event Files: {@code [-]HH:mm:ss}, then the fraction
     * (cut to microseconds) as {@code .SSS} when it is whole milliseconds, else {@code .SSSSSS}, none
     * when zero ({@code -00:00:00.500}, {@code 838:59:59}, {@code 12:00:00.000001}).
     */
    public static String canonical(Duration time) {
        return format(time, false);
    }

    /** The form bound for the database: always six fractional digits ({@code -00:00:00.500000}). */
    public static String sql(Duration time) {
        return format(time, true);
    }

    private static String format(Duration time, boolean sixDigits) {
        Duration t = time.truncatedTo(ChronoUnit.MICROS);
        boolean negative = t.isNegative();
        Duration abs = t.abs();
        long seconds = abs.getSeconds();
        long micros = abs.getNano() / 1_000L;
        StringBuilder out = new StringBuilder(20);
        if (negative) {
            out.append('-');
        }
        long hours = seconds / 3600;
        if (hours < 10) {
            out.append('0');
        }
        out.append(hours).append(':');
        two(out, (seconds / 60) % 60);
        out.append(':');
        two(out, seconds % 60);
        if (sixDigits) {
            out.append('.').append(String.format("%06d", micros));
        } else if (micros != 0) {
            if (micros % 1000 == 0) {
                out.append('.').append(String.format("%03d", micros / 1000));
            } else {
                out.append('.').append(String.format("%06d", micros));
            }
        }
        return out.toString();
    }

    private static void two(StringBuilder out, long n) {
        if (n < 10) {
            out.append('0');
        }
        out.append(n);
    }
}
