package dev.ferry.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Streams the misbehaving bodies without building them in memory. */
final class Bodies {

    /** Bytes written per drip. */
    static final int DRIP_CHUNK = 4;
    private static final int BUFFER = 64 * 1024;

    private Bodies() {
    }

    /** The length of {@link #writeOversized}'s output: the target, or the bare shape if that is longer. */
    static long oversizedLength(Reply.Shape shape, long target) {
        return Math.max(target, utf8(shape.prefix()).length + (long) utf8(shape.suffix()).length);
    }

    /**
     * Writes valid JSON of exactly {@link #oversizedLength} bytes: the prefix, the shape's elements
     * repeated in turn while they fit, spaces for the rest, the suffix.
     */
    static void writeOversized(OutputStream out, Reply.Shape shape, long target) throws IOException {
        byte[] prefix = utf8(shape.prefix());
        byte[] suffix = utf8(shape.suffix());
        List<byte[]> elements = shape.elements().stream().map(Bodies::utf8).toList();
        long budget = oversizedLength(shape, target) - prefix.length - suffix.length;
        out.write(prefix);
        boolean first = true;
        for (int i = 0; !elements.isEmpty(); i = (i + 1) % elements.size()) {
            byte[] e = elements.get(i);
            long cost = e.length + (first ? 0 : 1);
            if (cost > budget) {
                break;
            }
            if (!first) {
                out.write(',');
            }
            out.write(e);
            budget -= cost;
            first = false;
        }
        byte[] spaces = new byte[(int) Math.min(BUFFER, Math.max(budget, 0))];
        Arrays.fill(spaces, (byte) ' ');
        while (budget > 0) {
            int n = (int) Math.min(spaces.length, budget);
            out.write(spaces, 0, n);
            budget -= n;
        }
        out.write(suffix);
        out.flush();
    }

    /**
     * Writes the body {@link #DRIP_CHUNK} bytes at a time, flushing each, spread over {@code total}.
     * Returns quietly if the thread is interrupted (the remote is closing).
     */
    static void drip(OutputStream out, byte[] body, Duration total) throws IOException {
        int chunks = Math.max(1, (body.length + DRIP_CHUNK - 1) / DRIP_CHUNK);
        long pauseNanos = total.toNanos() / chunks;
        for (int i = 0; i < body.length; i += DRIP_CHUNK) {
            if (i > 0 && !pause(pauseNanos)) {
                return;
            }
            out.write(body, i, Math.min(DRIP_CHUNK, body.length - i));
            out.flush();
        }
    }

    private static boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
