package dev.ferry.app.verify;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.SourceChunk;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** The source side of verification: a data type's rows as consecutive chunks in primary key order. */
public interface ChunkSource {

    /** Rows fetched for a key range, and how many rows were read to get them. */
    record Fetched(List<Row> rows, long read) {
    }

    /**
     * Hands the chunks after {@code from} to {@code sink}, in key order, until the data type ends or
     * the sink returns false.
     *
     * @param from a chunk's {@link SourceChunk#end()} to resume after, or null for the start
     * @return how the source was read: {@code checksums}, {@code pages} or {@code rows}
     */
    String chunks(InstallationId installation, DataType dataType, Cursor from, Predicate<SourceChunk> sink);

    /**
     * Splits a chunk without {@link SourceChunk#content() content} into about {@code parts}
     * consecutive chunks (bisection). Null when the source cannot; the chunk's rows are then fetched.
     */
    default List<SourceChunk> split(InstallationId installation, DataType dataType, SourceChunk chunk, int parts) {
        return null;
    }

    /**
     * The source rows whose keys lie in {@code (after, upTo]}, read from {@code chunk}'s start. Only
     * called for chunks without content.
     */
    default Fetched rows(InstallationId installation, DataType dataType, SourceChunk chunk, RowKey after, RowKey upTo) {
        throw new UnsupportedOperationException("this source hands over chunks with their rows");
    }

    /** A view whose remote calls stop before {@code remainingMillis} runs out; the default ignores it. */
    default ChunkSource withDeadline(LongSupplier remainingMillis) {
        return this;
    }
}
