package dev.ferry.adapter.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * One secret setting as deployments and local runs give it: a secret id (ARN) to read from the
 * {@link SecretStore}, or else the plain value (tests and the local run). An id, when set, wins.
 */
public final class SecretSettings {
    private final SecretStore store;

    public SecretSettings(SecretStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * @param secretId the secret's ARN setting (empty or blank: not set)
     * @param plain    the plain setting, used when no id is set
     * @return the secret's value, the plain value, or empty when neither is set
     */
    public Optional<String> resolve(Optional<String> secretId, Optional<String> plain) {
        Optional<String> id = secretId.map(String::trim).filter(s -> !s.isEmpty());
        if (id.isPresent()) {
            return Optional.of(store.value(id.get()));
        }
        return plain;
    }
}
