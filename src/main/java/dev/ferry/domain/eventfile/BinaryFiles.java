package dev.ferry.domain.eventfile;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Binary Files: a binary value at least {@code threshold} bytes long is stored once, under its
 * SHA-256 ({@code binaries/<sha256>}), and the record refers to it by that id; shorter values stay
 * inline as base64. The id is the checksum, so a reader can verify the content it gets.
 */
public final class BinaryFiles {
    public static final String DIRECTORY = "binaries/";

    private BinaryFiles() {
    }

    public static String id(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    public static boolean isValidId(String id) {
        return id != null && id.matches("[0-9a-f]{64}");
    }

    public static String name(String id) {
        return DIRECTORY + id;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
