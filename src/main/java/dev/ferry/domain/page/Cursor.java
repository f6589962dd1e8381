package dev.ferry.domain.page;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.Objects;

/**
 * The remote's pagination position ({@code afterId}), opaque to Ferry: a string or a JSON number,
 * kept as text and passed back untouched. "No cursor" (the first page) is represented by null
 * wherever a Cursor is optional.
 *
 * @param value   the cursor's text exactly as the remote sent it (a number's digits, or the string)
 * @param numeric whether the remote sent it as a JSON number
 */
public record Cursor(String value, boolean numeric) {
    public static final int MAX_LENGTH = 2048;

    public Cursor {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH) {
            throw new FerryException(ErrorCode.REMOTE_REJECTED, "cursor longer than " + MAX_LENGTH + " characters");
        }
    }

    public static Cursor ofString(String value) {
        return new Cursor(value, false);
    }

    public static Cursor ofNumber(String digits) {
        return new Cursor(digits, true);
    }

    /** A self-describing text form for state tables and messages: {@code n:123} or {@code s:abc}. */
    public String encode() {
        return (numeric ? "n:" : "s:") + value;
    }

    /** Reverses {@link #encode()}; null in, null out. */
    public static Cursor decode(String encoded) {
        if (encoded == null) {
            return null;
        }
        if (encoded.startsWith("n:")) {
            return ofNumber(encoded.substring(2));
        }
        if (encoded.startsWith("s:")) {
            return ofString(encoded.substring(2));
        }
        throw new FerryException(ErrorCode.INVALID_MESSAGE, "malformed stored cursor");
    }

    @Override
    public String toString() {
        return numeric ? value : '"' + value + '"';
    }
}
