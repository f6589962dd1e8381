package dev.ferry.domain.verify;

import java.util.List;

/**
 * What one data type's verification found so far.
 *
 * @param chunks          source chunks compared
 * @param sourceRows      rows at the source
 * @param destinationRows rows at the destination
 * @param missing         rows at the source only
 * @param extra           rows at the destination only
 * @param different       rows on both sides with different content
 * @param repaired        rows written or deleted at the destination to remove those differences
 * @param sourceRowsRead  rows fetched from the source (all of them with the page fallback, only
 *                        those of mismatching chunks with the checksum endpoint)
 * @param missingKeys     the first few missing keys (bounded)
 * @param extraKeys       the first few extra keys (bounded)
 * @param differentKeys   the first few different keys (bounded)
 */
public record VerificationCounts(long chunks, long sourceRows, long destinationRows, long missing, long extra,
                                 long different, long repaired, long sourceRowsRead, List<String> missingKeys,
                                 List<String> extraKeys, List<String> differentKeys) {
    public static final VerificationCounts NONE = new VerificationCounts(0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(),
            List.of());

    public VerificationCounts {
        missingKeys = missingKeys == null ? List.of() : List.copyOf(missingKeys);
        extraKeys = extraKeys == null ? List.of() : List.copyOf(extraKeys);
        differentKeys = differentKeys == null ? List.of() : List.copyOf(differentKeys);
    }

    /** Missing, extra and different rows. */
    public long differences() {
        return missing + extra + different;
    }
}
