package dev.ferry.domain.write;

/**
 * Limits for one INSERT request, as separate settings: rows per statement, bytes per request and
 * placeholders per statement. Statements are always sent one per request (no batching of several
 * statements, no multi-statements, no explicit transactions).
 *
 * @param maxRowsPerStatement upper bound on rows in one statement
 * @param maxRequestBytes     estimated size of the statement with its values (Forge SQL: 1 MiB)
 * @param maxPlaceholders     bound parameters per statement (MySQL protocol: 65,535)
 */
public record InsertLimits(int maxRowsPerStatement, long maxRequestBytes, int maxPlaceholders, DuplicatePolicy duplicates) {
    public static final InsertLimits DEFAULT = new InsertLimits(5_000, 1024 * 1024, 65_535, DuplicatePolicy.UPDATE);

    public InsertLimits {
        if (maxRowsPerStatement < 1 || maxRequestBytes < 1024 || maxPlaceholders < 1) {
            throw new IllegalArgumentException("insert limits must be positive (request at least 1 KiB)");
        }
        duplicates = duplicates == null ? DuplicatePolicy.UPDATE : duplicates;
    }
}
