package dev.ferry.domain.verify;

import dev.ferry.domain.page.RowHash;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A chunk's checksum, computed by Ferry from its rows' {@link RowHash}es: the byte-wise XOR of their
 * 32-byte SHA-256 digests, as 64 lower-case hex digits. It does not depend on the order the rows
 * were read in; since primary keys are unique, no row can cancel itself out. Compared together with
 * the chunk's row count. The remote's checksum endpoint computes the same value (see docs/verification.md).
 */
public final class ChunkChecksum {
    /** The checksum of no rows. */
    public static final String EMPTY = "0".repeat(64);
    private final byte[] xor = new byte[32];
    private long rows;

    /** Adds one row's hash. */
    public ChunkChecksum add(RowHash hash) {
        byte[] digest = HexFormat.of().parseHex(hash.hex());
        if (digest.length != xor.length) {
            throw new IllegalArgumentException("a row hash has 32 bytes");
        }
        for (int i = 0; i < xor.length; i++) {
            xor[i] ^= digest[i];
        }
        rows++;
        return this;
    }

    public long rows() {
        return rows;
    }

    public String hex() {
        return HexFormat.of().formatHex(xor);
    }

    /** The checksum of the given row hashes. */
    public static String of(Iterable<RowHash> hashes) {
        ChunkChecksum checksum = new ChunkChecksum();
        hashes.forEach(checksum::add);
        return checksum.hex();
    }

    /**
     * The checksum of the rows in {@code whole} but not in {@code part} (given that part's rows are
     * among whole's): XOR undoes XOR, so a chunk's remainder needs no second look at its rows.
     */
    public static String without(String whole, String part) {
        byte[] a = HexFormat.of().parseHex(whole);
        byte[] b = HexFormat.of().parseHex(part);
        for (int i = 0; i < a.length; i++) {
            a[i] ^= b[i];
        }
        return HexFormat.of().formatHex(a);
    }

    /** Whether {@code text} is a checksum: 64 hex digits (either case). */
    public static boolean isChecksum(String text) {
        return text != null && text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** The canonical (lower-case) form of a checksum. */
    public static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
