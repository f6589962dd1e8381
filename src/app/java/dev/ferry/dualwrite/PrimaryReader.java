package dev.ferry.dualwrite;

import java.util.Map;
import java.util.Optional;

/**
 * Reads a row's current state from the primary, for {@link MirrorRepair}.
 *
 * <p>Implementations read the latest committed state (no cache), are safe to call repeatedly and return
 * values of types the mirror {@link Side} can write. Failures are reported by throwing a
 * {@link RuntimeException} (preferably a {@link SideException}, see {@link Side}).
 */
public interface PrimaryReader {

    /**
     * The row's columns and values (null values for SQL NULL; key columns may be included, repair ignores
     * them), or empty when no row with this key exists.
     *
     * @param installationId the installation, not null
     * @param dataType the data type (table), not null
     * @param key the primary key, not null
     * @return the row, or empty when the row does not exist; never null
     */
    Optional<Map<String, Object>> read(String installationId, String dataType, PrimaryKeyValues key);
}
