package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.List;

/**
 * One versioned destination DDL script. Each statement is sent as its own request (the target runs
 * one statement per request and has no transactions), so statements should be idempotent
 * ({@code CREATE TABLE IF NOT EXISTS}); a script is recorded as applied only after all succeed.
 */
public record SchemaScript(int version, String description, List<String> statements) {
    public SchemaScript {
        if (version < 1) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "schema version must be >= 1: " + version);
        }
        description = description == null ? "" : description;
        if (statements == null || statements.isEmpty() || statements.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "schema version " + version + " has no statements");
        }
        statements = List.copyOf(statements);
    }

    /** A stable fingerprint of the statements, recorded with the version to detect edited scripts. */
    public String checksum() {
        return Integer.toHexString(String.join("\n;\n", statements).hashCode());
    }
}
