package dev.ferry.adapter.remote;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The remote's installations over HTTP: each one's migration status ({@link RemoteStatus},
 * {@code GET/PUT {base}/migration-status} with the installation's token) and their listing
 * ({@link InstallationDirectory}, {@code GET {base}/installations?limit=N&after=C} with the app's token).
 * Calls, retries and error mapping as every call ({@link RemoteCalls}). Thread-safe.
 */
public final class HttpRemoteInstallations implements RemoteStatus, InstallationDirectory {
    private static final Logger LOG = Logger.getLogger(HttpRemoteInstallations.class);

    private final RemoteCalls calls;

    HttpRemoteInstallations(RemoteCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    // ---- RemoteStatus --------------------------------------------------------------------------

    @Override
    public Optional<InstallationStatus> migrationStatus(InstallationId installation) {
        Objects.requireNonNull(installation, "installation");
        RemoteCalls.Request request = new RemoteCalls.Request("GET", "/migration-status", null, null, installation, null,
                null);
        return calls.execute(request, body -> calls.json().readStatus(body),
                status -> "status=" + status.map(Enum::name).orElse("unknown"));
    }

    @Override
    public void reportMigrationStatus(InstallationId installation, InstallationStatus status) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(status, "status");
        RemoteCalls.Request request = new RemoteCalls.Request("PUT", "/migration-status", null,
                calls.json().writeStatus(status), installation, null, null);
        calls.execute(request, body -> Boolean.TRUE, ignored -> "status set to " + status.name());
    }

    // ---- InstallationDirectory -----------------------------------------------------------------

    /** Ids Ferry cannot use are skipped (and logged); an empty page ends the listing whatever its cursor. */
    @Override
    public Batch list(Cursor after, int limit) {
        RemoteCalls.Request request = new RemoteCalls.Request("GET", "/installations", RemoteCalls.query(limit, after),
                null, null, null, after);
        RemoteJson.InstallationsPage page = calls.execute(request, body -> calls.json().readInstallations(body),
                p -> "installations=" + p.ids().size() + " next=" + p.next());
        List<InstallationId> ids = new ArrayList<>(page.ids().size());
        List<String> skipped = new ArrayList<>();
        for (String id : page.ids()) {
            try {
                ids.add(InstallationId.of(id));
            } catch (FerryException e) {
                skipped.add(LogText.excerpt(id, 60, null));
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("remote listed " + skipped.size() + " installation id(s) Ferry cannot use, skipped: " + skipped
                    + " (page after=" + after + ")");
        }
        Cursor next = page.ids().isEmpty() ? null : page.next();
        return new Batch(ids, next);
    }

    @Override
    public String toString() {
        return "HttpRemoteInstallations[" + calls + "]";
    }
}
