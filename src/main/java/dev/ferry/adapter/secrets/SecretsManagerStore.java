package dev.ferry.adapter.secrets;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets from AWS Secrets Manager ({@code GetSecretValue}; the secret must hold a plain-text
 * SecretString). The client is built on first use, so a function whose settings name no secret never
 * creates one.
 */
public final class SecretsManagerStore implements SecretStore {
    private final Supplier<SecretsManagerClient> clients;
    private volatile SecretsManagerClient client;

    /** @param clients builds the client on first use (region and credentials from the Lambda environment) */
    public SecretsManagerStore(Supplier<SecretsManagerClient> clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public String value(String secretId) {
        try {
            String value = client().getSecretValue(b -> b.secretId(secretId)).secretString();
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("secret " + secretId + " has no SecretString (store the value as plain text)");
            }
            return value;
        } catch (SdkException e) {
            throw new IllegalStateException("could not read secret " + secretId + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    private SecretsManagerClient client() {
        SecretsManagerClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = clients.get();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "SecretsManagerStore";
    }
}
