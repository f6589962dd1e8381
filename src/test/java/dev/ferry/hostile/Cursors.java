package dev.ferry.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The remote's opaque cursors: base64url of {@code d:<offset>:<nonce>:<dataType>} for data pages
 * and {@code l:<offset>:<nonce>} for the listing. The nonce makes "brand-new" cursors that still
 * decode to a position, so paging resumes sensibly once a misbehaviour heals.
 */
final class Cursors {

    private Cursors() {
    }

    /** A cursor that does not decode, or belongs to another data type or to the listing. */
    static final class BadCursor extends Exception {
        BadCursor() {
            super("bad cursor", null, false, false);
        }
    }

    static String data(String dataType, int offset, long nonce) {
        return encode("d:" + offset + ":" + nonce + ":" + dataType);
    }

    static String listing(int offset, long nonce) {
        return encode("l:" + offset + ":" + nonce);
    }

    /** The offset of a data cursor for this data type; 0 when {@code cursor} is null. */
    static int dataOffset(String cursor, String dataType) throws BadCursor {
        if (cursor == null) {
            return 0;
        }
        String[] parts = decode(cursor).split(":", 4);
        if (parts.length != 4 || !parts[0].equals("d") || !parts[3].equals(dataType)) {
            throw new BadCursor();
        }
        return offset(parts[1]);
    }

    /** The offset of a listing cursor; 0 when {@code cursor} is null. */
    static int listingOffset(String cursor) throws BadCursor {
        if (cursor == null) {
            return 0;
        }
        String[] parts = decode(cursor).split(":", 3);
        if (parts.length != 3 || !parts[0].equals("l")) {
            throw new BadCursor();
        }
        return offset(parts[1]);
    }

    private static int offset(String text) throws BadCursor {
        try {
            int offset = Integer.parseInt(text);
            if (offset < 0) {
                throw new BadCursor();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new BadCursor();
        }
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) throws BadCursor {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadCursor();
        }
    }
}
