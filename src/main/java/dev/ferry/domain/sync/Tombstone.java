package dev.ferry.domain.sync;

import dev.ferry.domain.verify.RowKey;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A row deleted at the source: its primary key and when. Applied to the destination only where the
 * destination's row is not newer ({@code updatedAt <= deletedAt}), so a row deleted and then inserted
 * again with the same key is never removed by its old tombstone, whatever order the two arrive in.
 */
public record Tombstone(RowKey key, LocalDateTime deletedAt) {
    public Tombstone {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }
}
