package dev.ferry.adapter.remote;

import java.util.regex.Pattern;

/** Makes remote-supplied text safe for one log line: no line breaks, no tokens, bounded length. */
final class LogText {
    /** Anything that starts like a JWT (base64url of '{"'), whole or cut short. */
    private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_\\-]*(\\.[A-Za-z0-9_\\-]*)*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer)(\\s+|%20|\\+)[^\\s\"',;}\\]]+");
    static final String REDACTED = "[redacted]";

    private LogText() {
    }

    /**
     * A one-line excerpt of at most {@code maxChars} characters as written (escapes included, plus an
     * ellipsis when cut), with the given token and anything that looks like a bearer token or JWT
     * replaced by {@value #REDACTED}.
     */
    static String excerpt(String text, int maxChars, String token) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String redacted = redact(text, token);
        StringBuilder out = new StringBuilder(Math.min(redacted.length(), maxChars) + 8);
        int i = 0;
        while (i < redacted.length()) {
            char c = redacted.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < redacted.length()
                    && Character.isLowSurrogate(redacted.charAt(i + 1));
            String shown = pair ? redacted.substring(i, i + 2) : shown(c);
            if (out.length() + shown.length() > maxChars) {
                break;
            }
            out.append(shown);
            i += pair ? 2 : 1;
        }
        if (i < redacted.length()) {
            out.append('…');
        }
        return out.toString();
    }

    /** How one character is written: escaped when it would break the line or the quoting. */
    private static String shown(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || Character.isSurrogate(c) ? "?" : String.valueOf(c);
        };
    }

    static String redact(String text, String token) {
        // Bearer values first, so "Bearer <token>" becomes "Bearer [redacted]" once, not "[redacted]]".
        String out = BEARER.matcher(text).replaceAll("$1 " + REDACTED);
        if (token != null && !token.isEmpty()) {
            out = out.replace(token, REDACTED);
        }
        return JWT_LIKE.matcher(out).replaceAll(REDACTED);
    }
}
