package dev.ferry.hostile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer: RFC 8259 string escapes, lone surrogates as {@code \}{@code uXXXX}, exact
 * BigInteger/BigDecimal, Double via {@link Double#toString(double)}, {@link RawJson} verbatim.
 */
final class Json {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {
    }

    /** The JSON text of a value. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** Throws {@link IllegalArgumentException} if the value (or one nested in it) cannot be written. */
    static void check(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number && isSupportedNumber(value)
                || value instanceof String || value instanceof RawJson) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException("JSON object keys must be strings: " + k);
                }
                check(v);
            });
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(Json::check);
            return;
        }
        throw new IllegalArgumentException("cannot write as JSON: " + value.getClass().getName());
    }

    private static boolean isSupportedNumber(Object n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger || n instanceof BigDecimal || n instanceof Double || n instanceof Float;
    }

    /** Appends the JSON text of a value. */
    static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (value instanceof Double d) {
            out.append(Double.toString(d));
        } else if (value instanceof Float f) {
            out.append(Float.toString(f));
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else if (value instanceof RawJson raw) {
            out.append(raw.json());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write as JSON: " + value.getClass().getName());
        }
    }

    /** Appends a JSON string literal. */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }
}
