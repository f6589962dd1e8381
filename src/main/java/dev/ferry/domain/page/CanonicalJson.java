package dev.ferry.domain.page;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rewrites a JSON document into one canonical text: no insignificant whitespace, object keys sorted,
 * numbers by value (1.50 and 1.5 alike), strings with one escaping. Databases store JSON
 * differently (MariaDB keeps the text, MySQL and TiDB normalise it), so equal documents must hash
 * alike whichever side they were read from. Text that is not valid JSON is returned unchanged.
 */
public final class CanonicalJson {
    private final String text;
    private int pos;

    private CanonicalJson(String text) {
        this.text = text;
    }

    public static String of(String json) {
        try {
            CanonicalJson parser = new CanonicalJson(json);
            StringBuilder out = new StringBuilder(json.length());
            parser.value(out);
            parser.skipWhitespace();
            return parser.pos == json.length() ? out.toString() : json;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return json;
        }
    }

    private void value(StringBuilder out) {
        skipWhitespace();
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> object(out);
            case '[' -> array(out);
            case '"' -> quote(string(), out);
            case 't' -> literal("true", out);
            case 'f' -> literal("false", out);
            case 'n' -> literal("null", out);
            default -> number(out);
        }
    }

    private void object(StringBuilder out) {
        pos++;
        Map<String, String> members = new TreeMap<>();
        skipWhitespace();
        if (text.charAt(pos) == '}') {
            pos++;
            out.append("{}");
            return;
        }
        while (true) {
            skipWhitespace();
            if (text.charAt(pos) != '"') {
                throw new IllegalArgumentException("key expected");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            StringBuilder member = new StringBuilder();
            value(member);
            members.put(key, member.toString());
            skipWhitespace();
            if (text.charAt(pos) == ',') {
                pos++;
            } else {
                expect('}');
                break;
            }
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> m : members.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(m.getKey(), out);
            out.append(':').append(m.getValue());
        }
        out.append('}');
    }

    private void array(StringBuilder out) {
        pos++;
        List<String> items = new ArrayList<>();
        skipWhitespace();
        if (text.charAt(pos) == ']') {
            pos++;
            out.append("[]");
            return;
        }
        while (true) {
            StringBuilder item = new StringBuilder();
            value(item);
            items.add(item.toString());
            skipWhitespace();
            if (text.charAt(pos) == ',') {
                pos++;
            } else {
                expect(']');
                break;
            }
        }
        out.append('[').append(String.join(",", items)).append(']');
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private void number(StringBuilder out) {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        BigDecimal n = new BigDecimal(text.substring(start, pos));
        out.append(n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString());
    }

    private void literal(String word, StringBuilder out) {
        if (!text.startsWith(word, pos)) {
            throw new IllegalArgumentException("literal expected");
        }
        pos += word.length();
        out.append(word);
    }

    private void expect(char c) {
        if (text.charAt(pos++) != c) {
            throw new IllegalArgumentException(c + " expected");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
