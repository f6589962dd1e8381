package dev.ferry.adapter.blocks;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.regex.Pattern;

/** The names every {@link dev.ferry.app.port.BlobStore} accepts: {@code /}-separated segments of {@code [A-Za-z0-9._-]}, none starting with a dot. */
final class BlobNames {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private BlobNames() {
    }

    /** The segments of a valid name, or INVALID_IDENTIFIER. */
    static String[] segments(String name) {
        if (name == null || name.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_IDENTIFIER, "empty blob name");
        }
        String[] segments = name.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new FerryException(ErrorCode.INVALID_IDENTIFIER, "invalid blob name: "
                        + (name.length() > 80 ? name.substring(0, 80) + "…" : name));
            }
        }
        return segments;
    }
}
