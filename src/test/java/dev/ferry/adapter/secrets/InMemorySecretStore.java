package dev.ferry.adapter.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets held in memory, counting reads; an unknown id fails as Secrets Manager's would. */
public final class InMemorySecretStore implements SecretStore {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();

    public InMemorySecretStore with(String id, String value) {
        secrets.put(id, value);
        return this;
    }

    @Override
    public String value(String secretId) {
        reads.add(secretId);
        String value = secrets.get(secretId);
        if (value == null) {
            throw new IllegalStateException("could not read secret " + secretId + ": ResourceNotFoundException");
        }
        return value;
    }

    /** The ids read so far, in order, repeats included. */
    public List<String> reads() {
        return new ArrayList<>(reads);
    }
}
