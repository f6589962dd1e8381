package dev.ferry.domain.job;

import java.time.Instant;
import java.util.Objects;

/** Who holds a job and until when. An expired lease may be taken over by another worker. */
public record Lease(String owner, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
