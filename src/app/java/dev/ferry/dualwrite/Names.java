package dev.ferry.dualwrite;

import java.util.regex.Pattern;

/** The validation every name and id passes before it is used (and, for JDBC, before it reaches SQL text). */
final class Names {
    /** A plain SQL identifier: safe to back-quote, and unambiguous inside {@link PrimaryKeyValues#text()}. */
    static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** A data type name: letters, digits, {@code _ . -}, at most 64 characters. */
    private static final Pattern DATA_TYPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    static final int MAX_INSTALLATION_ID = 64;

    private Names() {
    }

    static String requireColumn(String what, String name) {
        if (name == null || !SQL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must match " + SQL_NAME.pattern() + ": " + excerpt(name));
        }
        return name;
    }

    static String requireDataType(String name) {
        if (name == null || !DATA_TYPE.matcher(name).matches()) {
            throw new IllegalArgumentException("data type must match " + DATA_TYPE.pattern() + ": " + excerpt(name));
        }
        return name;
    }

    static String requireInstallationId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_INSTALLATION_ID) {
            throw new IllegalArgumentException("installation id must have 1 to " + MAX_INSTALLATION_ID + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("installation id must not contain whitespace or control characters");
            }
        }
        return id;
    }

    /** Names are not secret, but are cut short and stripped of control characters before they are echoed. */
    static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 70 ? value.substring(0, 70) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
