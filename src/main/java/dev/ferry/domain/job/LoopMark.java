package dev.ferry.domain.job;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A chain's loop checkpoint (Brent's cycle detection): fingerprints of the cursor and of the rows of
 * the page the chain committed at its last power-of-two page count. Every page committed afterwards is
 * compared with it, so a remote whose cursor comes back to a value it gave before (A, B, A…), or that
 * keeps serving the same rows under ever new cursors, is caught within about twice the cycle's length,
 * across any number of invocations, continuations and restarts, with constant state in the job row.
 *
 * @param cursorPrint 16 hex digits naming the checkpoint page's next cursor
 * @param rowsPrint   16 hex digits naming the keys of the checkpoint page's rows
 */
public record LoopMark(String cursorPrint, String rowsPrint) {
    private static final Pattern PRINT = Pattern.compile("[0-9a-f]{16}");

    public LoopMark {
        if (cursorPrint == null || rowsPrint == null || !PRINT.matcher(cursorPrint).matches()
                || !PRINT.matcher(rowsPrint).matches()) {
            throw new FerryException(ErrorCode.INTERNAL, "malformed loop mark");
        }
    }

    /** What a page with these prints repeats of the checkpoint: "cursor", "rows", or null when nothing. */
    public String revisitedBy(LoopPrints page) {
        if (cursorPrint.equals(page.cursorPrint())) {
            return "cursor";
        }
        return rowsPrint.equals(page.rowsPrint()) ? "rows" : null;
    }

    /**
     * The mark to keep after committing the chain's page number {@code pagesAfter} (1 for its first):
     * that page becomes the checkpoint when the count is a power of two, else {@code current} stays.
     * A page without prints (null) leaves the mark as it is.
     */
    public static LoopMark after(LoopMark current, long pagesAfter, LoopPrints page) {
        if (page != null && pagesAfter > 0 && (pagesAfter & (pagesAfter - 1)) == 0) {
            return new LoopMark(page.cursorPrint(), page.rowsPrint());
        }
        return current;
    }

    /** The stored form, {@code cursorPrint:rowsPrint}; null in, null out. */
    public static String encode(LoopMark mark) {
        return mark == null ? null : mark.cursorPrint + ":" + mark.rowsPrint;
    }

    /** Reverses {@link #encode}; null or empty in, null out. */
    public static LoopMark decode(String stored) {
        if (stored == null || stored.isEmpty()) {
            return null;
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            throw new FerryException(ErrorCode.INTERNAL, "malformed loop mark");
        }
        return new LoopMark(stored.substring(0, colon), stored.substring(colon + 1));
    }

    @Override
    public String toString() {
        return Objects.requireNonNull(encode(this));
    }
}
