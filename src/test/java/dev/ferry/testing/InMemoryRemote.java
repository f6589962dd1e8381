package dev.ferry.testing;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.RemoteStatus;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.DataType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A remote in memory: per installation and data type an ordered list of raw rows (values as the JSON
 * decoder would give them), served in pages whose cursor is the position of the last row sent — as
 * a JSON number, or as an opaque string when {@link #useStringCursors} is set. Faults can be queued.
 */
public final class InMemoryRemote implements RemoteSource, RemoteStatus, InstallationDirectory,
        dev.ferry.app.port.RemoteChanges, dev.ferry.app.port.RemoteWriter {
    private final Map<String, List<List<Object>>> rows = new ConcurrentHashMap<>();
    private final Map<String, List<String>> headers = new ConcurrentHashMap<>();
    private final Map<InstallationId, InstallationStatus> statuses = new LinkedHashMap<>();
    private final Deque<RuntimeException> faults = new ArrayDeque<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> statusWrites = new ArrayList<>();
    private volatile boolean useStringCursors;

    private static String key(InstallationId installation, String remotePath) {
        return installation.value() + "/" + remotePath;
    }

    /** Adds an installation with a status. */
    public synchronized InMemoryRemote installation(String id, InstallationStatus status) {
        statuses.put(InstallationId.of(id), status);
        return this;
    }

    /** Sets the rows a data type serves for an installation. */
    public InMemoryRemote rows(String installation, DataType dataType, List<List<Object>> data) {
        String k = key(InstallationId.of(installation), dataType.remotePath());
        rows.put(k, new ArrayList<>(data));
        headers.put(k, dataType.columnNames());
        return this;
    }

    /** Serves these headers instead of the plan's column names (set after {@link #rows}; rows must match them). */
    public InMemoryRemote headers(String installation, DataType dataType, List<String> names) {
        headers.put(key(InstallationId.of(installation), dataType.remotePath()), List.copyOf(names));
        return this;
    }

    public InMemoryRemote useStringCursors() {
        this.useStringCursors = true;
        return this;
    }

    /** The next fetch throws this instead of answering. */
    public synchronized void failNextFetch(RuntimeException fault) {
        faults.add(fault);
    }

    public int fetchCount() {
        return fetches.get();
    }

    public synchronized List<String> statusWrites() {
        return List.copyOf(statusWrites);
    }

    @Override
    public RemotePage fetchPage(InstallationId installation, DataType dataType, Cursor after, int limit) {
        fetches.incrementAndGet();
        synchronized (this) {
            RuntimeException fault = faults.poll();
            if (fault != null) {
                throw fault;
            }
        }
        String k = key(installation, dataType.remotePath());
        List<List<Object>> all = rows.getOrDefault(k, List.of());
        int from = after == null ? 0 : Integer.parseInt(after.numeric() ? after.value() : after.value().substring(1));
        int to = Math.min(all.size(), from + limit);
        List<List<Object>> page = new ArrayList<>(all.subList(from, to));
        Cursor next = to >= all.size() && page.size() < limit ? null
                : useStringCursors ? Cursor.ofString("p" + to) : Cursor.ofNumber(Integer.toString(to));
        if (page.isEmpty()) {
            next = null;
        }
        return new RemotePage(headers.getOrDefault(k, dataType.columnNames()), page, next);
    }

    @Override
    public synchronized Optional<InstallationStatus> migrationStatus(InstallationId installation) {
        return Optional.ofNullable(statuses.get(installation));
    }

    @Override
    public synchronized void reportMigrationStatus(InstallationId installation, InstallationStatus status) {
        statuses.put(installation, status);
        statusWrites.add(installation.value() + "=" + status);
    }

    @Override
    public synchronized Batch list(Cursor after, int limit) {
        List<InstallationId> ids = new ArrayList<>(statuses.keySet());
        int from = after == null ? 0 : Integer.parseInt(after.value());
        int to = Math.min(ids.size(), from + limit);
        return new Batch(ids.subList(from, to), to < ids.size() ? Cursor.ofNumber(Integer.toString(to)) : null);
    }

    /** This remote has no change feed: it answers as a remote without the optional endpoint does. */
    @Override
    public RemotePage fetchChanges(InstallationId installation, DataType dataType,
                                   dev.ferry.domain.sync.ChangeCursor position, int limit) {
        throw new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.REMOTE_REJECTED,
                "the remote has no change feed");
    }

    @Override
    public RemotePage fetchDeletions(InstallationId installation, DataType dataType,
                                     dev.ferry.domain.sync.ChangeCursor position, int limit) {
        throw new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.REMOTE_REJECTED,
                "the remote has no change feed");
    }

    /** This remote has no write endpoint: it answers as a remote without the optional endpoint does. */
    @Override
    public void replaceRange(InstallationId installation, DataType dataType, dev.ferry.domain.verify.RowKey after,
                             dev.ferry.domain.verify.RowKey through, List<dev.ferry.domain.page.Row> rows) {
        throw new dev.ferry.domain.error.FerryException(dev.ferry.domain.error.ErrorCode.REMOTE_REJECTED,
                "the remote has no write endpoint");
    }

    /** Answers at once, so a deadline changes nothing. */
    @Override
    public InMemoryRemote withDeadline(java.util.function.LongSupplier remainingMillis) {
        return this;
    }
}
