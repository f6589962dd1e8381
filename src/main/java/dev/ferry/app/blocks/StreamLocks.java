package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One export at a time per stream: a lease ({@code locks/<streamId>.json}) created with the store's
 * atomic create-if-absent, holding its owner and expiry. A busy stream is STATE_STORE_UNAVAILABLE
 * (retryable: try again later). A lease past its expiry (its holder crashed) is taken over; the
 * expiry must outlast the longest export (on Lambda, the 15-minute invocation).
 */
final class StreamLocks {
    private final BlobStore store;
    private final BlocksFormat format;
    private final Clock clock;
    private final Duration ttl;

    /** What a lock file holds. */
    record Lease(String streamId, String owner, Instant acquiredAt, Instant expiresAt) {
    }

    StreamLocks(BlobStore store, BlocksFormat format, Clock clock, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    static String name(String streamId) {
        return "locks/" + streamId + ".json";
    }

    /** Takes the stream for {@code owner}, or throws if another holder's lease is still running. */
    Lease acquire(String streamId, String owner) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Instant now = clock.instant();
            Lease lease = new Lease(streamId, owner, now, now.plus(ttl));
            if (store.createIfAbsent(name(streamId), format.encode(lease))) {
                return lease;
            }
            Lease held = read(streamId);
            if (held != null && held.expiresAt().isAfter(now)) {
                throw new FerryException(ErrorCode.STATE_STORE_UNAVAILABLE, "stream " + streamId + " is busy: "
                        + held.owner() + " has held it since " + held.acquiredAt() + " (until " + held.expiresAt()
                        + " at the latest); try again later");
            }
            store.delete(name(streamId)); // expired (or vanished): one of the callers that get here takes it over
        }
        throw new FerryException(ErrorCode.STATE_STORE_UNAVAILABLE, "stream " + streamId + " is being taken over; try again");
    }

    /** Gives the stream back, if this lease still holds it. */
    void release(Lease lease) {
        Lease held = read(lease.streamId());
        if (held != null && held.owner().equals(lease.owner())) {
            store.delete(name(lease.streamId()));
        }
    }

    private Lease read(String streamId) {
        String name = name(streamId);
        if (!store.exists(name)) {
            return null;
        }
        try (InputStream in = store.open(name)) {
            return format.decode(in.readAllBytes(), Lease.class, name);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + name + ": " + e.getMessage(), e);
        } catch (FerryException e) {
            if (e.code() != ErrorCode.INVALID_MESSAGE) {
                throw e;
            }
            // released between the two calls, or unreadable: an unreadable lease counts as expired
            return store.exists(name) ? new Lease(streamId, "an unreadable lease", Instant.EPOCH, Instant.EPOCH) : null;
        }
    }
}
