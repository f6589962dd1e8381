package dev.ferry.domain.convert;

import dev.ferry.domain.page.CanonicalJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a small JSON document (a SET as an array of members, a GEOMETRY as {@code {"srid":…,"wkb":…}})
 * into Java values: Map, List, String, BigDecimal, Boolean, null. The text is first made canonical by
 * {@link CanonicalJson} (which checks it strictly), so only its one spelling has to be read here.
 */
final class CanonicalJsonReader {
    private final String text;
    private int pos;

    private CanonicalJsonReader(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException when the text is not JSON */
    static Object read(String json) {
        CanonicalJsonReader r = new CanonicalJsonReader(CanonicalJson.canonical(json));
        return r.value();
    }

    private Object value() {
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> members = new LinkedHashMap<>();
                if (text.charAt(pos) == '}') {
                    pos++;
                    return members;
                }
                while (true) {
                    String key = string();
                    pos++; // ':'
                    members.put(key, value());
                    if (text.charAt(pos++) == '}') {
                        return members;
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> items = new ArrayList<>();
                if (text.charAt(pos) == ']') {
                    pos++;
                    return items;
                }
                while (true) {
                    items.add(value());
                    if (text.charAt(pos++) == ']') {
                        return items;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                pos += 4;
                return Boolean.TRUE;
            }
            case 'f' -> {
                pos += 5;
                return Boolean.FALSE;
            }
            case 'n' -> {
                pos += 4;
                return null;
            }
            default -> {
                int start = pos;
                while (pos < text.length() && "{}[],:\"".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                return new BigDecimal(text.substring(start, pos));
            }
        }
    }

    /** A canonical string: only a quote, a backslash and control characters (as u00xx) are escaped. */
    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char e = text.charAt(pos++);
                if (e == 'u') {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                } else {
                    out.append(e);
                }
            } else {
                out.append(c);
            }
        }
    }
}
