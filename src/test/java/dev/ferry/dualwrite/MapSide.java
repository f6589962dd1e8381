package dev.ferry.dualwrite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** An in-memory database side for tests: rows by (installation, data type, key), failing on demand. */
final class MapSide implements Side, PrimaryReader {
    private final String name;
    private final Map<String, Map<String, Object>> rows = new ConcurrentHashMap<>();
    private final AtomicInteger applied = new AtomicInteger();
    private volatile Supplier<RuntimeException> failure;

    MapSide(String name) {
        this.name = name;
    }

    /** From now on every apply and read throws what {@code failure} supplies. */
    void failWith(Supplier<RuntimeException> failure) {
        this.failure = failure;
    }

    void recover() {
        this.failure = null;
    }

    /** Writes a row directly, as the app's other code paths would (not through a DualWriter). */
    void put(String installation, String dataType, PrimaryKeyValues key, Map<String, Object> values) {
        apply(Write.upsert(installation, dataType, key, values));
    }

    void remove(String installation, String dataType, PrimaryKeyValues key) {
        apply(Write.delete(installation, dataType, key));
    }

    /** Successful applies so far. */
    int applied() {
        return applied.get();
    }

    int size() {
        return rows.size();
    }

    Optional<Map<String, Object>> row(String installation, String dataType, PrimaryKeyValues key) {
        return Optional.ofNullable(rows.get(slot(installation, dataType, key))).map(LinkedHashMap::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void apply(Write write) {
        throwIfFailing();
        String slot = slot(write.installationId(), write.dataType(), write.key());
        if (write.operation() == Operation.DELETE) {
            rows.remove(slot);
        } else {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < write.key().columns().size(); i++) {
                row.put(write.key().columns().get(i), write.key().values().get(i));
            }
            row.putAll(write.values());
            rows.put(slot, row);
        }
        applied.incrementAndGet();
    }

    @Override
    public Optional<Map<String, Object>> read(String installationId, String dataType, PrimaryKeyValues key) {
        throwIfFailing();
        return row(installationId, dataType, key);
    }

    private void throwIfFailing() {
        Supplier<RuntimeException> f = failure;
        if (f != null) {
            throw f.get();
        }
    }

    private static String slot(String installation, String dataType, PrimaryKeyValues key) {
        return installation + "/" + dataType + "/" + key.text();
    }
}
