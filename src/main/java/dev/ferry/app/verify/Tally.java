package dev.ferry.app.verify;

import dev.ferry.domain.verify.RowKey;
import dev.ferry.domain.verify.VerificationCounts;
import java.util.ArrayList;
import java.util.List;

/** What a comparison has found so far; carried across pauses through {@link VerificationCounts}. */
public final class Tally {
    private final int sampleKeys;
    long chunks;
    long sourceRows;
    long destinationRows;
    long missing;
    long extra;
    long different;
    long repaired;
    long sourceRowsRead;
    private final List<String> missingKeys;
    private final List<String> extraKeys;
    private final List<String> differentKeys;

    public Tally(int sampleKeys) {
        this(VerificationCounts.NONE, sampleKeys);
    }

    /** Continues from stored counts. */
    public Tally(VerificationCounts counts, int sampleKeys) {
        this.sampleKeys = sampleKeys;
        chunks = counts.chunks();
        sourceRows = counts.sourceRows();
        destinationRows = counts.destinationRows();
        missing = counts.missing();
        extra = counts.extra();
        different = counts.different();
        repaired = counts.repaired();
        sourceRowsRead = counts.sourceRowsRead();
        missingKeys = new ArrayList<>(counts.missingKeys());
        extraKeys = new ArrayList<>(counts.extraKeys());
        differentKeys = new ArrayList<>(counts.differentKeys());
    }

    void missing(RowKey key) {
        missing++;
        sample(missingKeys, key);
    }

    void extra(RowKey key) {
        extra++;
        sample(extraKeys, key);
    }

    void different(RowKey key) {
        different++;
        sample(differentKeys, key);
    }

    private void sample(List<String> keys, RowKey key) {
        if (keys.size() < sampleKeys) {
            keys.add(key.toString());
        }
    }

    public VerificationCounts counts() {
        return new VerificationCounts(chunks, sourceRows, destinationRows, missing, extra, different, repaired,
                sourceRowsRead, missingKeys, extraKeys, differentKeys);
    }
}
