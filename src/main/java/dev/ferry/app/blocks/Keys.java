package dev.ferry.app.blocks;

import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import java.util.ArrayList;
import java.util.List;

/** Primary keys and content hashes as compact comparable text (128 bits of SHA-256, by value, whatever the Java types). */
final class Keys {
    private static final int HEX_CHARS = 32;

    private Keys() {
    }

    static List<Object> key(Row row, int[] pk) {
        List<Object> key = new ArrayList<>(pk.length);
        for (int i : pk) {
            key.add(row.get(i));
        }
        return key;
    }

    static String keyHash(List<Object> key) {
        return RowHash.of(new Row(key)).hex().substring(0, HEX_CHARS);
    }

    static String rowHash(Row row) {
        return RowHash.of(row).hex().substring(0, HEX_CHARS);
    }
}
