package dev.ferry.local.sample;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.DataType;
import dev.ferry.testing.ManualClock;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sample source database of its own (empty tables, installations added per test), dated by a manual
 * clock, served by the sample remote and read through Ferry's real HTTP client with signed tokens.
 * {@link #close()} stops the remote and drops the database.
 */
final class FeedFixture implements AutoCloseable {
    /** The sample plan's issues, with the change feed on {@code updated_at} and deletions. */
    static final DataType ISSUES = withFeed(PlanLoader.load("classpath:ferry-plan.yaml").requireDataType("issues"),
            new ChangeFeed("updated_at", true));

    final TestDatabase database;
    final ManualClock clock = ManualClock.startingAt("2024-03-01T10:00:00Z");
    final SampleSourceDatabase source;
    final SourceWrites writes;
    final SampleRemoteServer remote;
    final RemoteEndpoints client;
    private final AtomicInteger installations = new AtomicInteger();

    FeedFixture(String prefix) {
        database = TestMySql.uniqueDatabase(prefix);
        source = new SampleSourceDatabase(database.server(), database.name(), clock);
        source.createSchema();
        writes = new SourceWrites(source);
        remote = SampleRemoteServer.start(source, TestTokens.SECRET);
        client = new RemoteEndpoints(RemoteSettings.defaults(remote.baseUrl()).withAudience(SampleRemoteServer.DEFAULT_AUDIENCE),
                new HmacTokenSigner(TestTokens.SECRET, SampleRemoteServer.ISSUER, SampleRemoteServer.DEFAULT_AUDIENCE,
                        Duration.ofSeconds(60), Clock.systemUTC()));
    }

    static DataType withFeed(DataType d, ChangeFeed feed) {
        return new DataType(d.name(), d.remotePath(), d.table(), d.columns(), d.primaryKey(), d.pageSize(), d.order(), feed);
    }

    /** A new READY installation without rows: {@code <prefix>-<n>}. */
    String newInstallation(String prefix) {
        String id = prefix + "-" + installations.incrementAndGet();
        source.addInstallation(id, "READY");
        return id;
    }

    /** The source clock's time (UTC, milliseconds). */
    LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Inserts {@code count} issues at the clock's current time; returns their ids. */
    List<Long> insertIssues(String installationId, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> writes.insertIssue(installationId, 1L, "issue " + i)).toList();
    }

    /** A change or data page as Ferry converts it. */
    static List<Row> rows(RemotePage page) {
        return PageConverter.convert(ISSUES, page);
    }

    @Override
    public void close() {
        remote.stop();
        source.close();
        database.close();
    }
}
