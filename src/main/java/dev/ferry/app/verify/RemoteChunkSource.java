package dev.ferry.app.verify;

import dev.ferry.app.port.RemoteSource;
import dev.ferry.app.port.SourceChecksums;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.ChecksumPage;
import dev.ferry.domain.verify.ChunkChecksum;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.SourceChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The remote as a chunk source. Where the remote offers the checksum endpoint, it hashes the chunks
 * on its side and Ferry only fetches the rows of chunks that differ, after splitting them down to a
 * few rows; where it does not (404 or 501), or its answer does not hash the plan's columns in the
 * plan's order, Ferry reads the data pages and hashes every row itself. Both share the data
 * endpoint's cursors, so a comparison can switch from one to the other, and resume, at any chunk.
 */
public final class RemoteChunkSource implements ChunkSource {
    private static final System.Logger LOG = System.getLogger(RemoteChunkSource.class.getName());
    private final RemoteSource remote;
    private final SourceChecksums checksums;
    private final VerifySettings settings;

    public RemoteChunkSource(RemoteSource remote, SourceChecksums checksums, VerifySettings settings) {
        this.remote = remote;
        this.checksums = settings.useChecksumEndpoint() ? checksums : SourceChecksums.NONE;
        this.settings = settings;
    }

    @Override
    public ChunkSource withDeadline(LongSupplier remainingMillis) {
        return new RemoteChunkSource(remote.withDeadline(remainingMillis), checksums.withDeadline(remainingMillis), settings);
    }

    @Override
    public String chunks(InstallationId installation, DataType dataType, Cursor from, Predicate<SourceChunk> sink) {
        Cursor after = from;
        boolean first = true;
        while (true) {
            Optional<List<SourceChunk>> page = checksumChunks(installation, dataType, after, settings.chunkRows(),
                    settings.chunksPerRequest());
            if (page.isEmpty()) {
                if (!first) {
                    LOG.log(System.Logger.Level.WARNING, dataType.name() + ": the checksum endpoint stopped answering;"
                            + " reading pages from here on");
                }
                pages(installation, dataType, after, sink);
                return "pages";
            }
            first = false;
            List<SourceChunk> chunks = page.get();
            for (SourceChunk chunk : chunks) {
                if (!sink.test(chunk)) {
                    return "checksums";
                }
            }
            if (chunks.isEmpty() || chunks.get(chunks.size() - 1).finalChunk()) {
                return "checksums";
            }
            Cursor next = chunks.get(chunks.size() - 1).end();
            if (next.equals(after)) {
                throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, dataType.name()
                        + ": the checksum endpoint returned the cursor it was given");
            }
            after = next;
        }
    }

    /**
     * Asks for the first {@code parts - 1} parts; the last part is the rest of the chunk, whose count
     * and checksum follow from the chunk's (its checksum is the chunk's XOR the other parts'), so
     * no part can reach past the chunk's end.
     */
    @Override
    public List<SourceChunk> split(InstallationId installation, DataType dataType, SourceChunk chunk, int parts) {
        int perPart = (int) Math.max(1, (chunk.rows() + parts - 1) / parts);
        Optional<List<SourceChunk>> answer = checksumChunks(installation, dataType, chunk.start(), perPart, parts - 1);
        if (answer.isEmpty()) {
            return null;
        }
        List<SourceChunk> split = new ArrayList<>(answer.get());
        if (split.isEmpty()) {
            return split;
        }
        SourceChunk last = split.get(split.size() - 1);
        long covered = split.stream().mapToLong(SourceChunk::rows).sum();
        if (last.last().compareTo(chunk.last()) < 0 && covered < chunk.rows() && last.end() != null) {
            String rest = chunk.checksum();
            for (SourceChunk part : split) {
                rest = ChunkChecksum.without(rest, part.checksum());
            }
            split.add(new SourceChunk(null, chunk.last(), chunk.rows() - covered, rest, last.end(), chunk.end(), false,
                    null));
        }
        return split;
    }

    @Override
    public Fetched rows(InstallationId installation, DataType dataType, SourceChunk chunk, RowKey after, RowKey upTo) {
        List<Row> rows = new ArrayList<>();
        long read = 0;
        Cursor cursor = chunk.start();
        while (true) {
            int limit = (int) Math.max(1, Math.min(dataType.pageSize(), chunk.rows() - rows.size()));
            RemotePage page = remote.fetchPage(installation, dataType, cursor, limit);
            for (Row row : PageConverter.convert(dataType, page)) {
                read++;
                RowKey key = RowKey.of(dataType, row);
                if (upTo != null && key.compareTo(upTo) > 0) {
                    return new Fetched(rows, read);
                }
                if (key.within(after, upTo)) {
                    rows.add(row);
                }
                if (upTo != null && key.compareTo(upTo) == 0) {
                    return new Fetched(rows, read);
                }
            }
            if (page.isLast()) {
                return new Fetched(rows, read);
            }
            requireAdvance(dataType, cursor, page.next());
            cursor = page.next();
        }
    }

    /** The page fallback: Ferry reads every row and hashes it; chunks end on page boundaries. */
    private void pages(InstallationId installation, DataType dataType, Cursor from, Predicate<SourceChunk> sink) {
        ChunkAssembler assembler = new ChunkAssembler(dataType, settings, "the remote's");
        Cursor after = from;
        Cursor chunkStart = from;
        while (true) {
            RemotePage page = remote.fetchPage(installation, dataType, after, dataType.pageSize());
            for (Row row : PageConverter.convert(dataType, page)) {
                assembler.add(row);
            }
            if (page.isLast()) {
                if (!assembler.isEmpty()) {
                    sink.test(assembler.take(chunkStart, page.next(), true));
                }
                return;
            }
            requireAdvance(dataType, after, page.next());
            after = page.next();
            if (assembler.full()) {
                if (!sink.test(assembler.take(chunkStart, after, false))) {
                    return;
                }
                chunkStart = after;
            }
        }
    }

    /**
     * One checksum answer as chunks; empty when the remote lacks the endpoint or its answer does not
     * hash the plan's columns in the plan's order (Ferry could not reproduce it).
     */
    private Optional<List<SourceChunk>> checksumChunks(InstallationId installation, DataType dataType, Cursor after,
                                                       int chunkRows, int maxChunks) {
        Optional<ChecksumPage> answer = checksums.checksums(installation, dataType, after, chunkRows, maxChunks);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        ChecksumPage page = answer.get();
        if (!sameNames(page.headers(), dataType.columnNames()) || !sameNames(page.key(), dataType.primaryKey())) {
            LOG.log(System.Logger.Level.WARNING, dataType.name() + ": the checksum endpoint hashes columns "
                    + page.headers() + " with key " + page.key() + ", the plan has " + dataType.columnNames() + " with key "
                    + dataType.primaryKey() + "; reading pages instead");
            return Optional.empty();
        }
        if (page.chunks().isEmpty() && page.next() != null) {
            throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name()
                    + ": the checksum endpoint sent no chunks but a cursor to go on from");
        }
        List<SourceChunk> chunks = new ArrayList<>(page.chunks().size());
        Cursor start = after;
        for (int i = 0; i < page.chunks().size(); i++) {
            ChecksumPage.Chunk raw = page.chunks().get(i);
            boolean last = i == page.chunks().size() - 1 && page.next() == null;
            if (raw.rows() < 1 || !ChunkChecksum.isChecksum(raw.checksum()) || (raw.end() == null && !last)) {
                throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name()
                        + ": checksum chunk " + i + " needs rows >= 1, a 64-digit hex checksum and an afterId");
            }
            SourceChunk chunk = new SourceChunk(RowKey.fromRemote(dataType, raw.first()),
                    RowKey.fromRemote(dataType, raw.last()), raw.rows(), ChunkChecksum.normalize(raw.checksum()), start,
                    raw.end(), last, null);
            if (chunk.first().compareTo(chunk.last()) > 0
                    || (!chunks.isEmpty() && chunk.first().compareTo(chunks.get(chunks.size() - 1).last()) <= 0)) {
                throw new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, dataType.name()
                        + ": checksum chunks are not in primary key order");
            }
            chunks.add(chunk);
            start = raw.end();
        }
        return Optional.of(chunks);
    }

    private static boolean sameNames(List<String> sent, List<String> planned) {
        if (sent.size() != planned.size()) {
            return false;
        }
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) == null || !sent.get(i).toLowerCase(Locale.ROOT).equals(planned.get(i).toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static void requireAdvance(DataType dataType, Cursor before, Cursor next) {
        if (next != null && next.equals(before)) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, dataType.name() + ": the remote returned the cursor it was given");
        }
    }
}
