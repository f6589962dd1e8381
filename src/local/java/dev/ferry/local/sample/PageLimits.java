package dev.ferry.local.sample;

import java.util.Map;

/** The {@code limit} query parameter of the paged endpoints: 1 to {@value #MAX_LIMIT}. */
final class PageLimits {

    static final int MAX_LIMIT = 5_000;

    private PageLimits() {
    }

    /** The limit of the request; {@code defaultLimit} when absent, or null to make it required. */
    static int of(Map<String, String> query, Integer defaultLimit) throws RemoteError {
        String limit = query.get("limit");
        if (limit == null || limit.isEmpty()) {
            if (defaultLimit == null) {
                throw RemoteError.badRequest("limit is required");
            }
            return defaultLimit;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw RemoteError.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }

    /** The {@code after} cursor, or null for the first page (absent or empty). */
    static String after(Map<String, String> query) {
        String after = query.get("after");
        return after == null || after.isEmpty() ? null : after;
    }
}
