package dev.ferry.domain.flow;

import dev.ferry.domain.job.InstallationId;
import java.util.Objects;

/**
 * One end of a flow: an installation, read through the remote contract ({@link Kind#REMOTE}) or from
 * its own installation database ({@link Kind#DATABASE}). Destinations are always databases.
 */
public record Endpoint(Kind kind, String installationId) {
    public enum Kind { REMOTE, DATABASE }

    public Endpoint {
        Objects.requireNonNull(kind, "kind");
        InstallationId.of(installationId);
    }

    public InstallationId installation() {
        return InstallationId.of(installationId);
    }

    public static Endpoint remote(String installationId) {
        return new Endpoint(Kind.REMOTE, installationId);
    }

    public static Endpoint database(String installationId) {
        return new Endpoint(Kind.DATABASE, installationId);
    }
}
