package dev.ferry.domain.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The date-time shapes read without a formatter give exactly what the formatter gives, and only those. */
class IsoDateTimesTest {
    /** What the converter's general path gives: a local date-time, or with Z the UTC instant; null if refused. */
    private static LocalDateTime byFormatter(String text) {
        try {
            return text.endsWith("Z") ? OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void shouldReadTheCommonShapes_exactlyAsTheFormatterDoes() {
        // given valid texts with and without fractions of every length and a trailing Z
        Random random = new Random(7L);
        for (int i = 0; i < 20_000; i++) {
            String fraction = i % 10 == 0 ? "" : "." + String.format("%09d", random.nextInt(1_000_000_000)).substring(0, i % 10);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", 1 + random.nextInt(9999), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), fraction,
                    random.nextBoolean() ? "Z" : "");

            // when reading them, then the result is the formatter's
            assertThat(IsoDateTimes.parseOrNull(text)).as(text).isNotNull().isEqualTo(byFormatter(text));
        }
    }

    @Test
    void shouldLeaveEveryOtherText_toTheFormatter() {
        // given texts outside the common shapes or not valid date-times
        String[] others = {"2024-02-30T10:00:00", "2023-02-29T00:00:00", "2024-01-01T24:00:00", "2024-13-01T10:00:00",
                "2024-01-01T10:60:00", "2024-01-01T10:00:60", "2024-01-01 10:00:00", "2024-01-01t10:00:00",
                "2024-01-01T10:00", "2024-01-01T10:00:00.", "2024-01-01T10:00:00.1234567890", "2024-01-01T10:00:00+02:00",
                "2024-01-01T10:00:00z", " 2024-01-01T10:00:00", "+12024-01-01T10:00:00", "2024-1-01T10:00:00",
                "2024-01-01T10:00:0x", "2024-01-01T10:00:00.12a", "Z", "", "2024-01-01T10:00:00ZZ"};
        for (String text : others) {
            // when reading them here, then none is read: the formatter decides (accepts or refuses with its wording)
            assertThat(IsoDateTimes.parseOrNull(text)).as(text).isNull();
        }
    }
}
