package dev.ferry.app.verify;

import dev.ferry.app.port.RowReader;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.SourceChunk;
import java.util.function.Predicate;

/**
 * Chunks of a source given as a {@link RowReader} (for example the source database itself, read
 * directly by a local tool): Ferry hashes every row. Such a source has no cursors, so a comparison
 * over it cannot pause and resume.
 */
public final class ReaderChunkSource implements ChunkSource {
    private final RowReader reader;
    private final VerifySettings settings;

    public ReaderChunkSource(RowReader reader, VerifySettings settings) {
        this.reader = reader;
        this.settings = settings;
    }

    /** Thrown through the reader to stop it when the sink has had enough. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    @Override
    public String chunks(InstallationId installation, DataType dataType, Cursor from, Predicate<SourceChunk> sink) {
        if (from != null) {
            throw new IllegalArgumentException("a row reader cannot resume from a cursor");
        }
        ChunkAssembler assembler = new ChunkAssembler(dataType, settings, "the source's");
        try {
            reader.forEachRow(installation, dataType, row -> {
                assembler.add(row);
                if (assembler.full() && !sink.test(assembler.take(null, null, false))) {
                    throw new Stop();
                }
            });
        } catch (Stop stop) {
            return "rows";
        }
        if (!assembler.isEmpty()) {
            sink.test(assembler.take(null, null, true));
        }
        return "rows";
    }
}
