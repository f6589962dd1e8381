package dev.ferry.adapter.remote;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared test objects: a data type, a secret, a signer, and the endpoints with a recording sleeper. */
final class RemoteFixtures {
    static final String SECRET_TEXT = "s3cr3t-0f-ferry-tests-that-must-never-leak-0123456789";
    static final byte[] SECRET = SECRET_TEXT.getBytes(StandardCharsets.UTF_8);
    static final InstallationId ACME = InstallationId.of("acme-1");
    static final DataType USERS = new DataType("users", "users", "users",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("name", ColumnType.STRING)),
            List.of("id"), 500, 0);

    private RemoteFixtures() {
    }

    /** Records the waits it is asked for instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    static HmacTokenSigner signer() {
        return new HmacTokenSigner(SECRET, "ferry", "ferry-remote", Duration.ofSeconds(60), Clock.systemUTC());
    }

    static RemoteSettings settings(URI base) {
        return RemoteSettings.defaults(base)
                .withConnectTimeout(Duration.ofSeconds(2))
                .withRequestTimeout(Duration.ofSeconds(5));
    }

    static RetryPolicy policy(RemoteSettings settings, Sleeper sleeper) {
        return new RetryPolicy(settings.retry(), sleeper, new Random(42), Clock.systemUTC(), RetryPolicy.NO_DEADLINE);
    }

    static RemoteEndpoints endpoints(RemoteSettings settings, Sleeper sleeper) {
        return new RemoteEndpoints(settings, signer(), policy(settings, sleeper));
    }
}
