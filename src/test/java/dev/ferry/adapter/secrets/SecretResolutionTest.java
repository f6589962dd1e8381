package dev.ferry.adapter.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Secret settings resolved at run time: by ARN when one is set, else the plain setting. */
class SecretResolutionTest {
    private static final String PASSWORD_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ferry/db-AbCdEf";

    @Test
    void shouldReadTheSecretByArn_whenTheArnIsSet_evenIfAPlainValueIsToo() {
        // given a store holding the password and a plain value left over
        InMemorySecretStore store = new InMemorySecretStore().with(PASSWORD_ARN, "from-the-store");
        SecretSettings settings = new SecretSettings(store);

        // when
        Optional<String> value = settings.resolve(Optional.of(PASSWORD_ARN), Optional.of("plain"));

        // then the store's value wins
        assertThat(value).contains("from-the-store");
        assertThat(store.reads()).containsExactly(PASSWORD_ARN);
    }

    @Test
    void shouldUseThePlainValue_andAskNoStore_whenTheArnIsEmptyOrBlank() {
        // given an empty store
        InMemorySecretStore store = new InMemorySecretStore();
        SecretSettings settings = new SecretSettings(store);

        // when / then
        assertThat(settings.resolve(Optional.empty(), Optional.of("plain"))).contains("plain");
        assertThat(settings.resolve(Optional.of("  "), Optional.of("plain"))).contains("plain");
        assertThat(settings.resolve(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(store.reads()).isEmpty();
    }

    @Test
    void shouldReadEachSecretOnce_forTheLifeOfTheInstance() {
        // given a cached store over the in-memory one
        InMemorySecretStore store = new InMemorySecretStore().with(PASSWORD_ARN, "s3cr3t").with("other", "x");
        SecretSettings settings = new SecretSettings(new CachedSecretStore(store));

        // when the password is asked for by every new connection
        for (int i = 0; i < 5; i++) {
            assertThat(settings.resolve(Optional.of(PASSWORD_ARN), Optional.empty())).contains("s3cr3t");
        }
        settings.resolve(Optional.of("other"), Optional.empty());

        // then the store was read once per secret
        assertThat(store.reads()).containsExactly(PASSWORD_ARN, "other");
    }

    @Test
    void shouldFailNamingTheArn_andNotCacheTheFailure_whenTheSecretCannotBeRead() {
        // given a store without the secret
        InMemorySecretStore store = new InMemorySecretStore();
        SecretSettings settings = new SecretSettings(new CachedSecretStore(store));

        // when / then the failure names the ARN
        assertThatThrownBy(() -> settings.resolve(Optional.of(PASSWORD_ARN), Optional.of("plain")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(PASSWORD_ARN);

        // and once the secret exists, the next attempt reads it
        store.with(PASSWORD_ARN, "late");
        assertThat(settings.resolve(Optional.of(PASSWORD_ARN), Optional.empty())).contains("late");
    }

    @Test
    void shouldGiveThePoolTheUserAndTheSecretsPassword_orThePlainPassword() {
        // given
        SecretSettings settings = new SecretSettings(new InMemorySecretStore().with(PASSWORD_ARN, "s3cr3t"));

        // when / then: by ARN
        assertThat(DatabaseCredentials.credentials(settings, Optional.of(PASSWORD_ARN), Optional.of("ferry"),
                Optional.of("ignored"))).containsExactlyInAnyOrderEntriesOf(Map.of("user", "ferry", "password", "s3cr3t"));
        // and plain, for tests and the local run
        assertThat(DatabaseCredentials.credentials(settings, Optional.empty(), Optional.of("root"), Optional.of("")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "root", "password", ""));
        assertThat(DatabaseCredentials.credentials(settings, Optional.empty(), Optional.of("root"), Optional.empty()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "root"));
    }

    @Test
    void shouldNeverShowACachedValue_inTheStoresDescription() {
        CachedSecretStore store = new CachedSecretStore(new InMemorySecretStore().with(PASSWORD_ARN, "s3cr3t"));
        store.value(PASSWORD_ARN);
        assertThat(store.toString()).doesNotContain("s3cr3t").doesNotContain(PASSWORD_ARN);
    }
}
