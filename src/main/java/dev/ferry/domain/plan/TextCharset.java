package dev.ferry.domain.plan;

import java.util.Locale;
import java.util.Set;

/**
 * The character sets a STRING column may declare, with what each can store and how many bytes a
 * text takes in it (TEXT columns are limited in bytes, VARCHAR and CHAR in characters). MySQL's
 * {@code latin1} is Windows code page 1252 (with its five unassigned bytes as the C1 controls).
 */
public enum TextCharset {
    UTF8MB4("utf8mb4"),
    /** Three-byte UTF-8: no characters beyond U+FFFF (no emoji). Also spelled {@code utf8}. */
    UTF8MB3("utf8mb3"),
    LATIN1("latin1"),
    ASCII("ascii"),
    UCS2("ucs2"),
    UTF16("utf16"),
    UTF32("utf32");

    /** The characters of code page 1252 outside U+0000..U+007F and U+00A0..U+00FF, and its five C1 controls. */
    private static final Set<Integer> CP1252_EXTRA = Set.of(0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178, 0x0081, 0x008D, 0x008F, 0x0090, 0x009D);

    private final String sqlName;

    TextCharset(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The name MySQL uses ({@code utf8mb4}). */
    public String sqlName() {
        return sqlName;
    }

    /** The charset of a MySQL name (any case; {@code utf8} is utf8mb3), or null when Ferry does not know it. */
    public static TextCharset of(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("utf8")) {
            return UTF8MB3;
        }
        for (TextCharset c : values()) {
            if (c.sqlName.equals(n)) {
                return c;
            }
        }
        return null;
    }

    /** Whether the character can be stored. */
    public boolean canStore(int codePoint) {
        return switch (this) {
            case UTF8MB4, UTF16, UTF32 -> true;
            case UTF8MB3, UCS2 -> codePoint <= 0xFFFF;
            case ASCII -> codePoint <= 0x7F;
            case LATIN1 -> codePoint <= 0x7F || (codePoint >= 0xA0 && codePoint <= 0xFF) || CP1252_EXTRA.contains(codePoint);
        };
    }

    /** Bytes one character takes. */
    public int bytes(int codePoint) {
        return switch (this) {
            case UTF8MB4, UTF8MB3 -> codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            case LATIN1, ASCII -> 1;
            case UCS2 -> 2;
            case UTF16 -> codePoint < 0x10000 ? 2 : 4;
            case UTF32 -> 4;
        };
    }

    /** The most bytes one character takes. */
    public int maxBytesPerCharacter() {
        return switch (this) {
            case UTF8MB4, UTF16, UTF32 -> 4;
            case UTF8MB3 -> 3;
            case UCS2 -> 2;
            case LATIN1, ASCII -> 1;
        };
    }
}
