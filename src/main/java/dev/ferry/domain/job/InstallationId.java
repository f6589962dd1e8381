package dev.ferry.domain.job;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.regex.Pattern;

/**
 * An app installation (a customer). Validated against a strict pattern before it touches SQL: the
 * installation's database name is derived from it.
 */
public record InstallationId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

    public InstallationId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new FerryException(ErrorCode.UNKNOWN_INSTALLATION,
                    "invalid installation id (expected [a-z0-9][a-z0-9_-]{0,49}): "
                            + (value == null ? "null" : value.length() > 60 ? value.substring(0, 60) + "…" : value));
        }
    }

    public static InstallationId of(String value) {
        return new InstallationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
