package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Date-time literals as the server reads them, written without a formatter on the write path. */
class SqlTimesTest {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    @Test
    void shouldWriteTheLiteralTheFormatterWrites_forEveryYearAndFraction() {
        // given edge date-times and many random ones, years 1 to 9999 and beyond, any nanosecond
        Random random = new Random(20261205L);
        LocalDateTime[] edges = {LocalDateTime.of(1, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999),
                LocalDateTime.of(2024, 2, 29, 7, 5, 3, 120_000_000), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 999),
                LocalDateTime.of(10_000, 1, 1, 0, 0), LocalDateTime.of(0, 6, 15, 12, 0), LocalDateTime.of(-5, 1, 1, 0, 0)};
        for (LocalDateTime t : edges) {
            // when writing the literal, then it is the formatter's, cut to the microsecond
            assertThat(SqlTimes.dateTime(t)).as(t.toString()).isEqualTo(MICROS.format(t.truncatedTo(ChronoUnit.MICROS)));
        }
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime t = LocalDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000));
            assertThat(SqlTimes.dateTime(t)).as(t.toString()).isEqualTo(MICROS.format(t.truncatedTo(ChronoUnit.MICROS)));
        }
    }
}
