package dev.ferry.app.verify;

import dev.ferry.app.port.RowDeleter;
import dev.ferry.app.port.RowSink;
import dev.ferry.domain.budget.Budget;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChunkChecksum;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.SourceChunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares one data type of an installation, source against destination, by chunks.
 *
 * <p>The source hands over consecutive chunks (first and last key, row count, checksum). Each chunk
 * is compared with the destination rows whose keys lie between the previous chunk's last key
 * (exclusive) and its own last key (inclusive), read in bounded batches and hashed by Ferry, so a
 * row missing or extra on either side never shifts the chunks after it. A chunk whose count or
 * checksum differs is split (bisection) until its parts are small, and those parts are compared row
 * by row: rows only at the source are <em>missing</em>, only at the destination <em>extra</em>, on both
 * sides with another hash <em>different</em>. Destination rows after the source's last key are extra.
 *
 * <p>With {@code repair}, missing and different rows are upserted from the source through the
 * {@link RowSink} and extra rows deleted by key, as each chunk's differences are settled (every
 * write is one statement; replaying a repair changes nothing). With a {@link Budget}, the
 * comparison pauses between chunks when the next might not fit, and says where to resume.
 */
public final class ChunkedComparison {
    /** Bisection depth at which a chunk is compared row by row however large it still is. */
    private static final int MAX_DEPTH = 40;
    private final ChunkSource source;
    private final DestinationEntries destination;
    private final RowSink sink;
    private final RowDeleter deleter;
    private final VerifySettings settings;

    ChunkedComparison(ChunkSource source, DestinationEntries destination, RowSink sink, RowDeleter deleter,
                      VerifySettings settings) {
        this.source = source;
        this.destination = destination;
        this.sink = sink;
        this.deleter = deleter;
        this.settings = settings;
    }

    /** How a comparison ended. */
    public sealed interface Outcome {
        String method();

        Tally tally();
    }

    /** Compared to the end. */
    public record Finished(String method, Tally tally) implements Outcome {
    }

    /** Stopped between chunks for lack of time: resume from {@code cursor}, after {@code lastKey}. */
    public record Paused(String method, Tally tally, Cursor cursor, RowKey lastKey) implements Outcome {
    }

    /**
     * @param fromCursor null, or where a paused comparison stopped
     * @param fromKey    null, or the last key a paused comparison compared
     * @param budget     null for no time limit
     */
    public Outcome run(InstallationId installation, DataType dataType, Cursor fromCursor, RowKey fromKey, Tally tally,
                       boolean repair, Budget budget) {
        if (repair && (sink == null || deleter == null)) {
            throw new IllegalStateException("repair needs a row sink and a deleter");
        }
        Run run = new Run(installation, dataType, tally, repair);
        run.cursor = fromCursor;
        run.lastKey = fromKey;
        String method = source.chunks(installation, dataType, fromCursor, chunk -> {
            long started = System.nanoTime();
            run.compare(chunk);
            if (chunk.finalChunk() || chunk.end() == null || budget == null) {
                return true;
            }
            budget.recordPage((System.nanoTime() - started) / 1_000_000);
            if (!budget.allowsAnotherPage()) {
                run.paused = true;
                return false;
            }
            return true;
        });
        if (run.paused) {
            return new Paused(method, tally, run.cursor, run.lastKey);
        }
        run.tail();
        return new Finished(method, tally);
    }

    /** One comparison's state. */
    private final class Run {
        final InstallationId installation;
        final DataType dataType;
        final Tally tally;
        final boolean repair;
        Cursor cursor;
        RowKey lastKey;
        boolean paused;

        Run(InstallationId installation, DataType dataType, Tally tally, boolean repair) {
            this.installation = installation;
            this.dataType = dataType;
            this.tally = tally;
            this.repair = repair;
        }

        void compare(SourceChunk chunk) {
            List<KeyHash> dest = read(lastKey, chunk.last());
            tally.chunks++;
            tally.sourceRows += chunk.rows();
            tally.destinationRows += dest.size();
            if (chunk.hasContent()) {
                tally.sourceRowsRead += chunk.rows();
            }
            if (!matches(chunk, dest)) {
                Differences differences = new Differences();
                resolve(lastKey, chunk, dest, differences, 0);
                differences.settle();
            }
            lastKey = chunk.last();
            cursor = chunk.end();
        }

        /** Finds the differing rows of a chunk that does not match its destination range. */
        void resolve(RowKey after, SourceChunk chunk, List<KeyHash> dest, Differences differences, int depth) {
            if (chunk.hasContent()) {
                differences.compare(chunk.content(), dest);
                return;
            }
            List<SourceChunk> parts = chunk.rows() <= settings.leafRows() || depth >= MAX_DEPTH ? null
                    : source.split(installation, dataType, chunk, settings.splitParts());
            if (parts == null) {
                differences.compare(fetch(chunk, after, chunk.last()), dest);
                return;
            }
            RowKey partAfter = after;
            for (SourceChunk part : parts) {
                if (part.last().compareTo(chunk.last()) > 0 || part.rows() >= chunk.rows()) {
                    // the source changed since the chunk was hashed, or would not split it: read what is left
                    differences.compare(fetch(part, partAfter, chunk.last()), between(dest, partAfter, chunk.last()));
                    partAfter = chunk.last();
                    break;
                }
                List<KeyHash> partDest = between(dest, partAfter, part.last());
                if (!matches(part, partDest)) {
                    resolve(partAfter, part, partDest, differences, depth + 1);
                }
                partAfter = part.last();
            }
            differences.compare(List.of(), between(dest, partAfter, chunk.last()));
        }

        List<Row> fetch(SourceChunk chunk, RowKey after, RowKey upTo) {
            ChunkSource.Fetched fetched = source.rows(installation, dataType, chunk, after, upTo);
            tally.sourceRowsRead += fetched.read();
            return fetched.rows();
        }

        /** Destination rows after the source's last key: all extra. Read, and repaired, a batch at a time. */
        void tail() {
            int limit = settings.destinationBatch(dataType);
            RowKey after = lastKey;
            while (true) {
                List<KeyHash> batch = ordered(destination.entries(installation, dataType, after, null, limit), after, null);
                if (batch.isEmpty()) {
                    return;
                }
                tally.destinationRows += batch.size();
                List<RowKey> keys = new ArrayList<>(batch.size());
                for (KeyHash entry : batch) {
                    tally.extra(entry.key());
                    keys.add(entry.key());
                }
                if (repair) {
                    deleter.delete(installation, dataType, keys.stream().map(RowKey::values).toList());
                    tally.repaired += keys.size();
                }
                if (batch.size() < limit) {
                    return;
                }
                after = keys.get(keys.size() - 1);
            }
        }

        List<KeyHash> read(RowKey after, RowKey upTo) {
            int limit = settings.destinationBatch(dataType);
            List<KeyHash> out = new ArrayList<>();
            RowKey from = after;
            while (true) {
                List<KeyHash> batch = ordered(destination.entries(installation, dataType, from, upTo, limit), from, upTo);
                out.addAll(batch);
                if (batch.size() < limit) {
                    return out;
                }
                from = batch.get(batch.size() - 1).key();
            }
        }

        /**
         * The differences of one top-level chunk. A key seen as extra in one part and missing in
         * another (two sides sorting a key differently) is settled as one row before anything is
         * counted or repaired.
         */
        private final class Differences {
            final Map<RowKey, Row> missing = new LinkedHashMap<>();
            final Map<RowKey, Row> different = new LinkedHashMap<>();
            final Map<RowKey, RowHash> extra = new LinkedHashMap<>();

            void compare(List<Row> sourceRows, List<KeyHash> dest) {
                Map<RowKey, RowHash> remaining = new LinkedHashMap<>();
                for (KeyHash entry : dest) {
                    remaining.put(entry.key(), entry.hash());
                }
                for (Row row : sourceRows) {
                    RowKey key = RowKey.of(dataType, row);
                    RowHash hash = remaining.remove(key);
                    if (hash == null) {
                        missing.put(key, row);
                    } else if (!hash.equals(RowHash.of(row))) {
                        different.put(key, row);
                    }
                }
                extra.putAll(remaining);
            }

            void settle() {
                for (RowKey key : new ArrayList<>(extra.keySet())) {
                    Row row = missing.remove(key);
                    if (row != null) {
                        RowHash hash = extra.remove(key);
                        if (!hash.equals(RowHash.of(row))) {
                            different.put(key, row);
                        }
                    }
                }
                missing.keySet().forEach(tally::missing);
                extra.keySet().forEach(tally::extra);
                different.keySet().forEach(tally::different);
                if (!repair) {
                    return;
                }
                List<Row> upserts = new ArrayList<>(missing.values());
                upserts.addAll(different.values());
                if (!upserts.isEmpty()) {
                    sink.upsert(installation, dataType, upserts);
                }
                if (!extra.isEmpty()) {
                    deleter.delete(installation, dataType, extra.keySet().stream().map(RowKey::values).toList());
                }
                tally.repaired += upserts.size() + extra.size();
            }
        }
    }

    /**
     * Checks the destination sorts keys as verification does (ranges follow the source's order): a
     * database ordering them otherwise (a case-insensitive collation on a key column, say) would make
     * a row look missing in one chunk and extra in another, and a repair delete it.
     */
    private static List<KeyHash> ordered(List<KeyHash> batch, RowKey after, RowKey upTo) {
        RowKey previous = after;
        for (KeyHash entry : batch) {
            if ((previous != null && entry.key().compareTo(previous) <= 0) || !entry.key().within(after, upTo)) {
                throw new FerryException(ErrorCode.SINK_REJECTED, "the destination orders primary keys differently from"
                        + " verification (" + entry.key() + " read after " + previous + "); key columns need a binary collation");
            }
            previous = entry.key();
        }
        return batch;
    }

    private static boolean matches(SourceChunk chunk, List<KeyHash> dest) {
        if (dest.size() != chunk.rows()) {
            return false;
        }
        ChunkChecksum checksum = new ChunkChecksum();
        dest.forEach(entry -> checksum.add(entry.hash()));
        return checksum.hex().equals(chunk.checksum());
    }

    private static List<KeyHash> between(List<KeyHash> entries, RowKey after, RowKey upTo) {
        List<KeyHash> out = new ArrayList<>();
        for (KeyHash entry : entries) {
            if (entry.key().within(after, upTo)) {
                out.add(entry);
            }
        }
        return out;
    }
}
