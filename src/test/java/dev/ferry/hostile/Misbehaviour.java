package dev.ferry.hostile;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One way for the {@link HostileRemote} to misbehave, configured builder-style and handed to
 * {@link HostileRemote#misbehave(Misbehaviour)}; configuration is frozen from then on.
 *
 * <p>It answers matching requests (endpoint, and optionally installation and data type) until it
 * has answered {@link #forRequests(int) n} of them, until {@link #forDuration(Duration) a duration}
 * after the first one, or until {@link #stop() stopped}; by default forever.
 */
public final class Misbehaviour {

    /** Default body size of the oversized kinds: 20 MiB. */
    public static final long DEFAULT_OVERSIZED_BYTES = 20L * 1024 * 1024;
    /** Default total time of {@link Kind#DRIP_FED}. */
    public static final Duration DEFAULT_DRIP_TIME = Duration.ofSeconds(60);
    /** Default installation named by {@link Kind#FOREIGN_INSTALLATION}. */
    public static final String DEFAULT_FOREIGN_INSTALLATION = "someone-else";

    private final Kind kind;
    private Endpoint endpoint;
    private String installation;
    private String dataType;
    private String retryAfter;
    private int maxRequests = -1;
    private Duration duration;
    private long bytes = DEFAULT_OVERSIZED_BYTES;
    private Duration dripTime = DEFAULT_DRIP_TIME;
    private String foreignInstallation = DEFAULT_FOREIGN_INSTALLATION;

    private volatile boolean frozen;
    private int matched;
    private Instant firstMatch;
    private boolean stopped;

    private Misbehaviour(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.endpoint = kind.defaultEndpoint();
    }

    /** A misbehaviour of this kind on its default endpoint, forever. */
    public static Misbehaviour of(Kind kind) {
        return new Misbehaviour(kind);
    }

    /** Aims it at one endpoint; kinds tied to one endpoint accept only that one (or ANY, meaning it). */
    public Misbehaviour on(Endpoint e) {
        mutable();
        Objects.requireNonNull(e, "endpoint");
        if (kind.only() != null && e != kind.only() && e != Endpoint.ANY) {
            throw new IllegalArgumentException(kind + " applies to " + kind.only() + " only");
        }
        this.endpoint = kind.only() != null ? kind.only() : e;
        return this;
    }

    /** Only requests whose token names this installation. */
    public Misbehaviour installation(String id) {
        mutable();
        this.installation = Objects.requireNonNull(id, "installation");
        return this;
    }

    /** Only data requests for this data type (the path segment). */
    public Misbehaviour dataType(String name) {
        mutable();
        this.dataType = Objects.requireNonNull(name, "dataType");
        return this;
    }

    /** The {@code Retry-After} header value sent with the STATUS_* kinds. */
    public Misbehaviour retryAfter(String headerValue) {
        mutable();
        this.retryAfter = Objects.requireNonNull(headerValue, "retryAfter");
        return this;
    }

    /** Answers only the first n matching requests, then the remote is healthy again. */
    public Misbehaviour forRequests(int n) {
        mutable();
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive");
        }
        this.maxRequests = n;
        return this;
    }

    /** Answers matching requests for this long, counted from the first one. */
    public Misbehaviour forDuration(Duration d) {
        mutable();
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        this.duration = d;
        return this;
    }

    /** Body size in bytes, for the OVERSIZED_BODY_* kinds. */
    public Misbehaviour param(long bodyBytes) {
        mutable();
        requireKind(Kind.OVERSIZED_BODY_WITH_LENGTH, Kind.OVERSIZED_BODY_CHUNKED);
        if (bodyBytes < 1) {
            throw new IllegalArgumentException("body size must be positive");
        }
        this.bytes = bodyBytes;
        return this;
    }

    /** Total time over which the body is written, for {@link Kind#DRIP_FED}. */
    public Misbehaviour param(Duration totalTime) {
        mutable();
        requireKind(Kind.DRIP_FED);
        if (totalTime.isNegative()) {
            throw new IllegalArgumentException("drip time must not be negative");
        }
        this.dripTime = totalTime;
        return this;
    }

    /** The installation named by {@link Kind#FOREIGN_INSTALLATION}. */
    public Misbehaviour param(String foreignInstallationId) {
        mutable();
        requireKind(Kind.FOREIGN_INSTALLATION);
        this.foreignInstallation = Objects.requireNonNull(foreignInstallationId, "installation");
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The {@code Retry-After} value, or null. */
    public String retryAfterValue() {
        return retryAfter;
    }

    long bodyBytes() {
        return bytes;
    }

    Duration dripTime() {
        return dripTime;
    }

    String foreignInstallation() {
        return foreignInstallation;
    }

    /** How many requests it has answered so far. */
    public synchronized int matchedRequests() {
        return matched;
    }

    /** Whether it would still answer a matching request. */
    public synchronized boolean active() {
        return activeAt(Instant.now());
    }

    /** Stops it; the remote is healthy again for the requests it matched. */
    public synchronized void stop() {
        stopped = true;
    }

    void freeze() {
        frozen = true;
    }

    /** Claims a request if it matches and this is still active; counts it. */
    synchronized boolean claim(Endpoint actual, String installationId, String requestDataType, Instant now) {
        if (!endpoint.covers(actual)
                || installation != null && !installation.equals(installationId)
                || dataType != null && (actual != Endpoint.DATA || !dataType.equals(requestDataType))
                || !activeAt(now)) {
            return false;
        }
        if (firstMatch == null) {
            firstMatch = now;
        }
        matched++;
        return true;
    }

    private boolean activeAt(Instant now) {
        if (stopped || maxRequests >= 0 && matched >= maxRequests) {
            return false;
        }
        return duration == null || firstMatch == null || now.isBefore(firstMatch.plus(duration));
    }

    private void mutable() {
        if (frozen) {
            throw new IllegalStateException("a misbehaviour cannot change once started");
        }
    }

    private void requireKind(Kind... kinds) {
        for (Kind k : kinds) {
            if (k == kind) {
                return;
            }
        }
        throw new IllegalArgumentException(kind + " takes no such parameter");
    }

    @Override
    public String toString() {
        return "Misbehaviour[" + kind + " on " + endpoint
                + (installation == null ? "" : ", installation " + installation)
                + (dataType == null ? "" : ", data type " + dataType) + "]";
    }
}
