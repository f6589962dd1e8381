package dev.ferry.adapter.secrets;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads each secret once and keeps it for the life of the function instance: a Lambda instance lives
 * minutes to hours, so a rotated secret reaches new instances first (rotate with an overlap: keep the
 * previous value valid until the old instances are gone, or publish a new version to replace them).
 */
public final class CachedSecretStore implements SecretStore {
    private final SecretStore delegate;
    private final Map<String, String> values = new ConcurrentHashMap<>();

    public CachedSecretStore(SecretStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String value(String secretId) {
        return values.computeIfAbsent(secretId, delegate::value);
    }

    @Override
    public String toString() {
        return "CachedSecretStore[" + values.size() + " cached]";
    }
}
