package dev.ferry.domain.page;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JSON text strictly (RFC 8259) and rewrites it into one canonical text: no insignificant
 * whitespace, object keys sorted, numbers by value (1.50 and 1.5 alike), strings with one escaping.
 * Databases store JSON differently (MariaDB keeps the text, MySQL and TiDB normalise it), so equal
 * documents must hash alike whichever side they were read from.
 *
 * <p>Bounded for any input: nesting deeper than {@value #MAX_DEPTH} levels and numbers longer than
 * {@value #MAX_NUMBER_LENGTH} characters are refused, and a number whose plain decimal form would be
 * longer than {@value #MAX_PLAIN_DIGITS} digits keeps an exponent ({@code 1E+2000000000}) instead of
 * being expanded, so neither time nor memory grows beyond the input's own size.
 */
public final class CanonicalJson {
    /** Deepest nesting read at all. */
    public static final int MAX_DEPTH = 512;
    static final int MAX_NUMBER_LENGTH = 1_100;
    static final int MAX_PLAIN_DIGITS = 1_100;

    private final String text;
    private int pos;
    private int depth;
    /** Deepest nesting seen. */
    private int maxDepth;
    /** Largest |adjusted exponent| of a non-zero number seen (-1: none). */
    private long maxMagnitude = -1;
    /** Whether a string held an unpaired surrogate. */
    private boolean loneSurrogate;

    private CanonicalJson(String text) {
        this.text = text;
    }

    /** The canonical form of {@code json}; text that is not valid JSON is returned unchanged. */
    public static String of(String json) {
        try {
            return canonical(json);
        } catch (IllegalArgumentException e) {
            return json;
        }
    }

    /**
     * The canonical form of {@code json}.
     *
     * @throws IllegalArgumentException naming what is wrong, when {@code json} is not valid JSON
     */
    public static String canonical(String json) {
        return parse(json).out;
    }

    /** What a strict read of a document found. */
    public record Shape(int depth, long largestExponent, boolean loneSurrogate) {
    }

    /**
     * Reads {@code json} strictly and describes it.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not valid JSON
     */
    public static Shape shape(String json) {
        Parsed p = parse(json);
        return new Shape(p.parser.maxDepth, p.parser.maxMagnitude, p.parser.loneSurrogate);
    }

    private record Parsed(String out, CanonicalJson parser) {
    }

    private static Parsed parse(String json) {
        CanonicalJson parser = new CanonicalJson(json);
        StringBuilder out = new StringBuilder(Math.min(json.length(), 1 << 20));
        try {
            parser.value(out);
            parser.skipWhitespace();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the text ends inside a value");
        }
        if (parser.pos != json.length()) {
            throw new IllegalArgumentException("unexpected text after the document at offset " + parser.pos);
        }
        return new Parsed(out.toString(), parser);
    }

    private void value(StringBuilder out) {
        skipWhitespace();
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> nested(() -> object(out));
            case '[' -> nested(() -> array(out));
            case '"' -> quote(string(), out);
            case 't' -> literal("true", out);
            case 'f' -> literal("false", out);
            case 'n' -> literal("null", out);
            default -> number(out);
        }
    }

    private void nested(Runnable body) {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
        }
        maxDepth = Math.max(maxDepth, depth);
        body.run();
        depth--;
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
                throw new IllegalArgumentException("a member name expected at offset " + pos);
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
                String s = sb.toString();
                if (dev.ferry.domain.convert.TextChecks.loneSurrogateAt(s) >= 0) {
                    loneSurrogate = true;
                }
                return s;
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("an unescaped control character in a string at offset " + (pos - 1));
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    String hex = text.substring(pos, pos + 4);
                    if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw new IllegalArgumentException("a malformed \\u escape at offset " + (pos - 2));
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("an unknown escape \\" + e + " at offset " + (pos - 2));
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

    /** RFC 8259's grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void number(StringBuilder out) {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw new IllegalArgumentException("a value expected at offset " + start);
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw new IllegalArgumentException("digits expected after the decimal point at offset " + pos);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw new IllegalArgumentException("digits expected in the exponent at offset " + pos);
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw new IllegalArgumentException("a number longer than " + MAX_NUMBER_LENGTH + " characters at offset " + start);
        }
        BigDecimal n;
        try {
            n = new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a number out of any range at offset " + start);
        }
        if (n.signum() != 0) {
            long magnitude = Math.abs((long) n.precision() - n.scale() - 1);
            maxMagnitude = Math.max(maxMagnitude, magnitude);
        }
        out.append(plain(n));
    }

    /**
     * A number's canonical text: plain decimal, no trailing zeros, zero as {@code 0}; a number whose plain
     * form would exceed {@value #MAX_PLAIN_DIGITS} digits keeps its exponent ({@code 1E+2000000000}).
     */
    public static String plain(BigDecimal n) {
        if (n.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = n.stripTrailingZeros();
        long plainDigits = Math.max((long) stripped.precision(), Math.abs((long) stripped.scale()) + 1);
        return plainDigits > MAX_PLAIN_DIGITS ? stripped.toString() : stripped.toPlainString();
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void literal(String word, StringBuilder out) {
        if (!text.startsWith(word, pos)) {
            throw new IllegalArgumentException("a value expected at offset " + pos);
        }
        pos += word.length();
        out.append(word);
    }

    private void expect(char c) {
        if (text.charAt(pos++) != c) {
            throw new IllegalArgumentException("'" + c + "' expected at offset " + (pos - 1));
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
