package dev.ferry.app.blocks;

import java.time.Instant;
import java.util.List;

/**
 * The first entry of a backup archive ({@code manifest.json}): what was backed up, and the size and
 * SHA-256 of every other entry, so a restore can refuse a truncated or edited archive before it
 * writes anything.
 */
public record BackupManifest(int formatVersion, String installation, String plan, String streamId, Instant createdAt,
                             long rows, List<Entry> entries) {
    public static final int FORMAT_VERSION = 1;
    public static final String NAME = "manifest.json";

    public BackupManifest {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public record Entry(String path, long bytes, String sha256) {
    }
}
