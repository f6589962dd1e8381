package dev.ferry.testing;

import dev.ferry.app.port.VerificationStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.verify.VerificationRecord;
import dev.ferry.domain.verify.VerificationStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Verification results in memory, with the same insert and compare-and-set rules as the MySQL store. */
public final class InMemoryVerificationStore implements VerificationStore {
    private final Map<String, VerificationRecord> records = new LinkedHashMap<>();

    private static String key(InstallationId installation, String runId, String dataType) {
        return installation.value() + "/" + runId + "/" + dataType;
    }

    @Override
    public synchronized Optional<VerificationRecord> find(InstallationId installation, String runId, String dataType) {
        return Optional.ofNullable(records.get(key(installation, runId, dataType)));
    }

    @Override
    public synchronized boolean insert(InstallationId installation, VerificationRecord record) {
        return records.putIfAbsent(key(installation, record.runId(), record.dataType()), record) == null;
    }

    @Override
    public synchronized boolean update(InstallationId installation, VerificationRecord record, long expectedChunks) {
        String key = key(installation, record.runId(), record.dataType());
        VerificationRecord stored = records.get(key);
        if (stored == null || stored.status() != VerificationStatus.RUNNING || stored.counts().chunks() != expectedChunks) {
            return false;
        }
        records.put(key, record);
        return true;
    }

    @Override
    public synchronized List<VerificationRecord> latest(InstallationId installation) {
        return records.entrySet().stream().filter(e -> e.getKey().startsWith(installation.value() + "/"))
                .map(Map.Entry::getValue)
                .collect(Collectors.groupingBy(VerificationRecord::dataType, LinkedHashMap::new,
                        Collectors.maxBy(Comparator.comparing(VerificationRecord::startedAt))))
                .values().stream().flatMap(Optional::stream).collect(Collectors.toCollection(ArrayList::new));
    }
}
