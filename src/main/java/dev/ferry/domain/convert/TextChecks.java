package dev.ferry.domain.convert;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.TextCharset;

/** Checks on text that a database would otherwise alter silently. */
public final class TextChecks {
    private TextChecks() {
    }

    /**
     * The index of the first unpaired surrogate in {@code s}, or -1 when it is valid UTF-16. A lone
     * surrogate has no UTF-8 form: a database stores it as {@code ?}, and the row is then changed
     * without anyone being told.
     */
    public static int loneSurrogateAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses text (already valid UTF-16) that the column's charset cannot hold, or that takes more
     * than its {@code maxBytes} in that charset (utf8mb4 when the column names none).
     */
    static void requireStorable(Column column, String s) {
        TextCharset charset = column.charset();
        if (charset == null && column.maxBytes() == null) {
            return;
        }
        TextCharset counting = charset == null ? TextCharset.UTF8MB4 : charset;
        long bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!counting.canStore(cp)) {
                throw ValueConverter.fail(column, "holds U+" + String.format("%04X", cp) + " at index " + i
                        + ", which its character set " + counting.sqlName() + " cannot store");
            }
            bytes += counting.bytes(cp);
            i += Character.charCount(cp);
        }
        if (column.maxBytes() != null && bytes > column.maxBytes()) {
            throw ValueConverter.fail(column, "is " + bytes + " bytes in " + counting.sqlName() + ", the column holds "
                    + column.maxBytes());
        }
    }
}
