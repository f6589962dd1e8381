package dev.ferry.hostile;

/**
 * The named ways the hostile remote misbehaves. Kinds that only make sense for one call are tied
 * to it ({@link #only()}); the others default to {@link Endpoint#ANY}.
 */
public enum Kind {
    /** 500 with a small JSON error body (and {@code Retry-After} if set). */
    STATUS_500(null),
    /** 503 with a small JSON error body and {@code Retry-After} if set. */
    STATUS_503(null),
    /** 429 with a small JSON error body and {@code Retry-After} if set. */
    STATUS_429(null),
    /** 401 with a small JSON error body (and {@code Retry-After} if set), whatever the token. */
    STATUS_401(null),
    /** 403 with a small JSON error body (and {@code Retry-After} if set). */
    STATUS_403(null),
    /** 200, {@code text/html}: a proxy's error page. */
    HTML_BODY(null),
    /** 200, {@code application/json}: the healthy body cut off halfway through its last value. */
    MALFORMED_JSON(null),
    /**
     * The healthy body grown to exactly {@code param} bytes (default 20 MiB) of valid JSON, sent with
     * {@code Content-Length}: a data page repeats its rows in turn, then pads with spaces; other bodies
     * are padded with spaces before their closing brace.
     */
    OVERSIZED_BODY_WITH_LENGTH(null),
    /** As {@link #OVERSIZED_BODY_WITH_LENGTH} but chunked, without {@code Content-Length}. */
    OVERSIZED_BODY_CHUNKED(null),
    /** The healthy response, its body written a few bytes at a time over {@code param} (a duration). */
    DRIP_FED(null),
    /** The healthy response with {@code Content-Type: text/plain}. */
    WRONG_CONTENT_TYPE(null),
    /** A data page whose first header has {@code _x} appended; rows unchanged. */
    WRONG_COLUMN_HEADERS(Endpoint.DATA),
    /** A data page with {@code limit + 1} rows (repeating rows if the table is short). */
    PAGE_OVER_LIMIT(Endpoint.DATA),
    /** A healthy data page whose top-level {@code installationId} names {@code param}. */
    FOREIGN_INSTALLATION(Endpoint.DATA),
    /**
     * Data cursors cycle: the first page answers A, the page after A answers B, the page after B
     * answers A again, forever; rows are those at each position, wrapping round the table.
     */
    CURSOR_CYCLE(Endpoint.DATA),
    /** Every data page holds the first rows and a brand-new cursor. */
    ENDLESS_CURSOR(Endpoint.DATA),
    /** A data page whose last row is replaced by a copy of its first. */
    DUPLICATE_KEYS(Endpoint.DATA),
    /** Every listing page after the first answers the first page's cursor again (ids wrap round). */
    LISTING_CYCLE(Endpoint.LISTING),
    /** The listing holds every installation twice: all ids, then all ids again, paged as usual. */
    LISTING_DUPLICATES(Endpoint.LISTING),
    /** Every listing page holds the first ids and a brand-new cursor. */
    LISTING_ENDLESS(Endpoint.LISTING),
    /** The listing holds no installation and a null {@code afterId}. */
    EMPTY_LISTING(Endpoint.LISTING);

    private final Endpoint only;

    Kind(Endpoint only) {
        this.only = only;
    }

    /** The only endpoint this kind applies to, or null when it applies to any. */
    public Endpoint only() {
        return only;
    }

    /** The endpoint a new misbehaviour of this kind is aimed at. */
    public Endpoint defaultEndpoint() {
        return only == null ? Endpoint.ANY : only;
    }

    /** Whether the answer is an error status, so the request itself is not carried out. */
    boolean refuses() {
        return this == STATUS_500 || this == STATUS_503 || this == STATUS_429
                || this == STATUS_401 || this == STATUS_403;
    }
}
