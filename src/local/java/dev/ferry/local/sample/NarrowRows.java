package dev.ferry.local.sample;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Rows of the narrow data type {@link SampleSchema#EVENTS}: id, account, kind, amount, time and an
 * optional note, about 120 bytes each. Generated one at a time (nothing is held), the same for the
 * same arguments; ids are {@code firstId}, {@code firstId + 1}, … in key order.
 */
public final class NarrowRows {
    private static final List<String> KINDS = List.of("created", "updated", "commented", "assigned", "closed",
            "reopened", "moved", "labelled");
    private static final List<String> WORDS = List.of("quarterly", "review", "invoice", "payment", "sprint", "backlog",
            "release", "customer", "follow-up", "escalation", "Müller", "naïve", "東京", "ok", "draft", "final");
    private static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final long SPAN_MILLIS = ChronoUnit.MILLIS.between(START, LocalDateTime.of(2025, 6, 30, 0, 0));

    private NarrowRows() {
    }

    /** {@code count} rows in {@link SampleSchema#EVENTS}' column order. */
    public static Iterator<List<Object>> rows(long seed, long firstId, int count) {
        Random random = new Random(seed);
        return new Iterator<>() {
            private int made;

            @Override
            public boolean hasNext() {
                return made < count;
            }

            @Override
            public List<Object> next() {
                if (made >= count) {
                    throw new NoSuchElementException();
                }
                long id = firstId + made++;
                long account = 1 + random.nextInt(10_000);
                String kind = KINDS.get(random.nextInt(KINDS.size()));
                BigDecimal amount = BigDecimal.valueOf((random.nextInt(10) == 0 ? -1L : 1L) * random.nextInt(100_000_000), 2);
                LocalDateTime at = START.plus((long) (random.nextDouble() * SPAN_MILLIS), ChronoUnit.MILLIS);
                String note = null;
                if (random.nextInt(5) != 0) {
                    StringBuilder b = new StringBuilder();
                    while (b.length() < 40 + random.nextInt(30)) {
                        b.append(b.length() == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
                    }
                    note = b.toString();
                }
                return Collections.unmodifiableList(Arrays.asList(id, account, kind, amount, at, note));
            }
        };
    }
}
