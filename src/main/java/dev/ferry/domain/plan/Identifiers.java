package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.regex.Pattern;

/**
 * The only way a name reaches SQL text: validated against a strict pattern, then back-quoted.
 * Data from remotes is never used as an identifier; it is only ever bound as a parameter.
 */
public final class Identifiers {
    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private Identifiers() {
    }

    /** Returns the name unchanged if it is a plain SQL identifier, else throws INVALID_IDENTIFIER. */
    public static String requireSqlName(String what, String name) {
        if (name == null || !SQL_NAME.matcher(name).matches()) {
            throw new FerryException(ErrorCode.INVALID_IDENTIFIER,
                    what + " is not a valid SQL identifier: " + excerpt(name));
        }
        return name;
    }

    /** Back-quotes an identifier that has already been validated (or is a validated database name). */
    public static String quote(String name) {
        if (name.indexOf('`') >= 0) {
            throw new FerryException(ErrorCode.INVALID_IDENTIFIER, "identifier contains a back-quote");
        }
        return '`' + name + '`';
    }

    static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
