package dev.ferry.dualwrite;

import java.util.Objects;

/**
 * A {@link Side} or failure log could not do its work. Its {@link #code()} and message are recorded in the
 * failure log as they are, so whoever creates one must keep both free of row values and secrets (name
 * the table, column, SQL error code; never the value). It carries no cause for the same reason.
 */
public class SideException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code a short machine-readable code, for example {@code SQL1146} or {@code TIMEOUT}
     * @param message a short description without values or secrets
     */
    public SideException(String code, String message) {
        super(message, null, false, true);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The short machine-readable code. */
    public String code() {
        return code;
    }
}
