package dev.ferry.domain.convert;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The dates and date-times each column type can store in MySQL, MariaDB and TiDB: DATE and DATETIME
 * from year 1 to 9999 (year 0, the "zero date", is refused), TIMESTAMP from
 * 1970-01-01 00:00:01 to 2038-01-19 03:14:07.999999 UTC.
 */
final class TemporalRanges {
    static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    static final LocalDateTime MIN_TIMESTAMP = LocalDateTime.of(1970, 1, 1, 0, 0, 1);
    static final LocalDateTime MAX_TIMESTAMP = LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000);

    private TemporalRanges() {
    }

    static LocalDate requireDate(Column column, LocalDate date) {
        if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
            throw ValueConverter.fail(column, "is outside the DATE range " + MIN_DATE + " to " + MAX_DATE + ": " + date);
        }
        return date;
    }

    static LocalDateTime requireDateTime(Column column, LocalDateTime time) {
        if (column.type() == ColumnType.TIMESTAMP) {
            if (time.isBefore(MIN_TIMESTAMP) || time.isAfter(MAX_TIMESTAMP)) {
                throw ValueConverter.fail(column, "is outside the TIMESTAMP range " + MIN_TIMESTAMP + " to "
                        + MAX_TIMESTAMP + " UTC: " + time);
            }
            return time;
        }
        requireDate(column, time.toLocalDate());
        return time;
    }

    /**
     * Refuses a fraction of a second finer than the column's {@code fsp} keeps (MySQL would round it,
     * MariaDB cut it: either way the stored value would differ from the one sent).
     */
    static void requireFsp(Column column, int nanos, Object value) {
        if (column.fsp() == null) {
            return;
        }
        long unit = POWERS[9 - column.fsp()];
        if (nanos % unit != 0) {
            throw ValueConverter.fail(column, "has fractional seconds finer than " + column.type() + "(" + column.fsp()
                    + ") keeps: " + ValueConverter.excerpt(value));
        }
    }

    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};
}
