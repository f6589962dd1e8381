package dev.ferry.domain.job;

import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fingerprints of one page for loop detection ({@link LoopMark}): of the cursor the remote gave after
 * it, and of the primary keys of its rows, each qualified by the data type so pages of different data
 * types never match. 64 bits each: two different pages collide with a chance of one in 2^64.
 */
public record LoopPrints(String cursorPrint, String rowsPrint) {

    /** Prints of a page of {@code dataType} whose rows have {@code keys}, in row order. */
    public static LoopPrints ofKeys(DataType dataType, Cursor next, List<RowKey> keys) {
        List<String> encoded = new ArrayList<>(keys.size());
        for (RowKey key : keys) {
            encoded.add(key.encode());
        }
        return of(dataType.name(), next, encoded);
    }

    /**
     * Prints of any paged listing: {@code scope} names what is paged (a data type, the installations),
     * {@code keys} what the page holds, in order.
     */
    public static LoopPrints of(String scope, Cursor next, List<String> keys) {
        MessageDigest cursor = sha256();
        cursor.update(scope.getBytes(StandardCharsets.UTF_8));
        cursor.update((byte) 0);
        cursor.update((next == null ? "" : next.encode()).getBytes(StandardCharsets.UTF_8));
        MessageDigest content = sha256();
        content.update(scope.getBytes(StandardCharsets.UTF_8));
        for (String key : keys) {
            content.update((byte) 0);
            content.update(key.getBytes(StandardCharsets.UTF_8));
        }
        return new LoopPrints(print(cursor), print(content));
    }

    private static String print(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
