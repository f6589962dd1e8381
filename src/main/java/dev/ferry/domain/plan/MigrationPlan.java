package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to migrate: the data types (sorted by {@code order}), the destination DDL scripts (sorted by
 * version), the job mode and how passes follow one another. Immutable and validated once when loaded.
 */
public record MigrationPlan(String name, MigrationMode mode, List<DataType> dataTypes, List<SchemaScript> schema,
                            SyncSettings sync) {
    public MigrationPlan(String name, MigrationMode mode, List<DataType> dataTypes, List<SchemaScript> schema) {
        this(name, mode, dataTypes, schema, SyncSettings.DEFAULT);
    }

    public MigrationPlan {
        sync = sync == null ? SyncSettings.DEFAULT : sync;
        name = name == null || name.isBlank() ? "plan" : name;
        mode = mode == null ? MigrationMode.FAN_OUT : mode;
        if (dataTypes == null || dataTypes.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_PLAN, "plan " + name + " has no data types");
        }
        dataTypes = dataTypes.stream().sorted(Comparator.comparingInt(DataType::order)).toList();
        Set<String> names = new HashSet<>();
        Set<String> tables = new HashSet<>();
        for (DataType d : dataTypes) {
            if (!names.add(d.name())) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "duplicate data type " + d.name());
            }
            if (!tables.add(d.table().toLowerCase(java.util.Locale.ROOT))) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "two data types write table " + d.table());
            }
        }
        schema = schema == null ? List.of() : schema.stream().sorted(Comparator.comparingInt(SchemaScript::version)).toList();
        Set<Integer> versions = new HashSet<>();
        for (SchemaScript s : schema) {
            if (!versions.add(s.version())) {
                throw new FerryException(ErrorCode.INVALID_PLAN, "duplicate schema version " + s.version());
            }
        }
    }

    public Optional<DataType> dataType(String name) {
        return dataTypes.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The data type, or UNKNOWN_DATA_TYPE (permanent). */
    public DataType requireDataType(String name) {
        return dataType(name).orElseThrow(() ->
                new FerryException(ErrorCode.UNKNOWN_DATA_TYPE, "data type not in plan: " + Identifiers.excerpt(name)));
    }

    /**
     * Whether passes after the first copy only changes: some data type has a change feed. Without one,
     * the first complete pass is the migration.
     */
    public boolean syncsChanges() {
        return dataTypes.stream().anyMatch(DataType::hasChangeFeed);
    }

    /** The data type after {@code name} in plan order, if any. */
    public Optional<DataType> next(String name) {
        for (int i = 0; i < dataTypes.size() - 1; i++) {
            if (dataTypes.get(i).name().equals(name)) {
                return Optional.of(dataTypes.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * A short, stable digest of everything in the plan (its records' contents), so a changed plan is told
     * apart from the one an installation's chains last ran with: 16 hex digits of SHA-256.
     */
    public String fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
