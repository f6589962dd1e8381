package dev.ferry.local;

import com.amazonaws.services.lambda.runtime.Context;
import dev.ferry.app.port.RowReader;
import java.time.Duration;
import javax.sql.DataSource;

/** Pieces of the local run that tests reuse. */
public final class LocalTesting {
    private LocalTesting() {
    }

    /** A Lambda context with a minute to run. */
    public static Context context(String function) {
        return new LocalLambdaContext(function, Duration.ofMinutes(1));
    }

    /** A Lambda context with {@code timeout} to run. */
    public static Context context(String function, Duration timeout) {
        return new LocalLambdaContext(function, timeout);
    }

    /** Reads the sample source database of the environment directly (not through the remote). */
    public static RowReader sourceReader(DataSource dataSource, LocalEnvironment environment) {
        return new SourceDatabaseRowReader(dataSource, environment.source().orElseThrow().database());
    }
}
