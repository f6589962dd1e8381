package dev.ferry.adapter.secrets;

/**
 * Where secret values live, by id (in AWS: a Secrets Manager secret's ARN or name). Implementations
 * never put a value in an exception message or {@code toString}.
 */
public interface SecretStore {
    /**
     * The secret's current string value.
     *
     * @throws IllegalStateException naming the id (never the value) when the secret cannot be read
     */
    String value(String secretId);
}
