package dev.ferry.adapter.secrets;

import dev.ferry.adapter.config.FerryConfig;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The installation databases' credentials for the connection pool ({@code
 * quarkus.datasource.credentials-provider=ferry-database}): the password from the secret named by
 * {@code ferry.secrets.database-password-arn}, or else {@code quarkus.datasource.password}. Asked for
 * every new connection; the secret itself is read once per function instance.
 */
@ApplicationScoped
@Named(DatabaseCredentials.NAME)
public class DatabaseCredentials implements CredentialsProvider {
    public static final String NAME = "ferry-database";

    @Inject
    FerryConfig config;

    @Inject
    SecretSettings secrets;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        return credentials(secrets, config.secrets().databasePasswordArn(), username, password);
    }

    /** The user and password entries the pool expects, as far as they are set. */
    static Map<String, String> credentials(SecretSettings secrets, Optional<String> passwordArn, Optional<String> username,
                                           Optional<String> password) {
        Map<String, String> credentials = new HashMap<>();
        username.filter(u -> !u.isBlank()).ifPresent(u -> credentials.put(USER_PROPERTY_NAME, u));
        secrets.resolve(passwordArn, password).ifPresent(p -> credentials.put(PASSWORD_PROPERTY_NAME, p));
        return credentials;
    }
}
