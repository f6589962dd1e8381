package dev.ferry.app.verify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Verification run ids: when the run started (UTC, to the second) and a random suffix, e.g. {@code 20260301T101530Z-3f9a1c2e}. */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next(Clock clock) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return FORMAT.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** Whether {@code id} can be a run id (safe to store and to log). */
    public static boolean valid(String id) {
        return id != null && id.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    }
}
