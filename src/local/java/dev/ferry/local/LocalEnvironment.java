package dev.ferry.local;

import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.local.sample.SampleRemoteServer;
import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.local.sample.SourceLoadMark;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outside world of a local run, started before Ferry itself: a MySQL-compatible server (the
 * configured one, else embedded MariaDB), an embedded SQS (ElasticMQ) with the work queue and its
 * dead-letter queue, and — unless a real remote is configured — the sample source app (its
 * multi-tenant database and its HTTP remote). {@link #ferryProperties()} tells Ferry where they are.
 */
public final class LocalEnvironment implements AutoCloseable {
    public static final String QUEUE_NAME = "ferry-work";
    public static final String SOURCE_DATABASE = SampleSourceDatabase.DEFAULT_DATABASE;
    /** The sample source's database in load mode, so a load run leaves the default sample's alone. */
    public static final String LOAD_SOURCE_DATABASE = "ferry_sample_load";
    private static volatile LocalEnvironment current;

    private final MySqlServer mysql;
    private final EmbeddedSqs sqs;
    private final EmbeddedSqs.QueueUrls queues;
    private final SampleSourceDatabase source;
    private final SampleRemoteServer remote;
    private final String remoteSecret;

    private LocalEnvironment(MySqlServer mysql, EmbeddedSqs sqs, EmbeddedSqs.QueueUrls queues,
                             SampleSourceDatabase source, SampleRemoteServer remote, String remoteSecret) {
        this.mysql = mysql;
        this.sqs = sqs;
        this.queues = queues;
        this.source = source;
        this.remote = remote;
        this.remoteSecret = remoteSecret;
    }

    /**
     * Starts everything. With {@code fresh}, the sample source is reloaded and the sample
     * installations' databases are dropped, so the migration starts from nothing.
     *
     * @param sourceDatabase the sample source's database on {@code mysql}
     * @param databasePrefix Ferry's installation database prefix (to find what to drop)
     */
    public static LocalEnvironment start(MySqlServer mysql, String sourceDatabase, SampleDataSet dataSet, boolean fresh,
                                         boolean useSample, String databasePrefix) {
        mysql.requireUsable(); // first, so a wrong password or an unreachable server ends the run at once
        EmbeddedSqs sqs = EmbeddedSqs.start();
        SampleSourceDatabase source = null;
        SampleRemoteServer remote = null;
        try {
            EmbeddedSqs.QueueUrls queues = sqs.createQueueWithDeadLetterQueue(QUEUE_NAME, 5, Duration.ofMinutes(6));
            String secret = null;
            if (useSample) {
                source = new SampleSourceDatabase(mysql, sourceDatabase);
                if (fresh || !SourceLoadMark.isComplete(mysql, sourceDatabase, dataSet)) {
                    // a source whose load never finished (a run killed while loading it) is loaded again
                    System.out.printf("Loading the sample source %s (%,d rows)%n", sourceDatabase, dataSet.totalRows());
                    System.out.flush();
                    source.createSchema();
                    SourceLoadMark.clear(mysql, sourceDatabase);
                    source.load(dataSet);
                    SourceLoadMark.complete(mysql, sourceDatabase, dataSet);
                }
                if (fresh) {
                    for (String id : dataSet.installationIds()) {
                        mysql.dropDatabase(databasePrefix + id);
                    }
                }
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                secret = HexFormat.of().formatHex(key);
                remote = SampleRemoteServer.start(source, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            LocalEnvironment environment = new LocalEnvironment(mysql, sqs, queues, source, remote, secret);
            current = environment;
            return environment;
        } catch (RuntimeException e) {
            if (remote != null) {
                remote.close();
            }
            if (source != null) {
                source.close();
            }
            sqs.close();
            throw e;
        }
    }

    /** The environment of this JVM's local run, if one was started. */
    public static Optional<LocalEnvironment> current() {
        return Optional.ofNullable(current);
    }

    /** Configuration pointing Ferry at these engines; set as system properties before Ferry starts. */
    public Map<String, String> ferryProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.datasource.jdbc.url", "jdbc:mysql://" + mysql.host() + ":" + mysql.port() + "/");
        p.put("quarkus.datasource.username", mysql.username());
        p.put("quarkus.datasource.password", mysql.password());
        p.put("quarkus.sqs.endpoint-override", sqs.endpoint().toString());
        p.put("quarkus.sqs.aws.region", EmbeddedSqs.REGION.id());
        p.put("quarkus.sqs.aws.credentials.type", "static");
        p.put("quarkus.sqs.aws.credentials.static-provider.access-key-id", "x");
        p.put("quarkus.sqs.aws.credentials.static-provider.secret-access-key", "x");
        p.put("ferry.queue.url", queues.queueUrl());
        if (source != null) {
            p.put("ferry.destination.reserved-databases", source.database()); // never a destination
        }
        if (remote != null) {
            p.put("ferry.remote.base-url", remote.baseUrl().toString());
            p.put("ferry.remote.token.secret", remoteSecret);
            p.put("ferry.remote.token.audience", remote.audience());
        }
        return p;
    }

    public MySqlServer mysql() {
        return mysql;
    }

    public EmbeddedSqs.QueueUrls queues() {
        return queues;
    }

    /** The sample source database, when the run uses the sample app. */
    public Optional<SampleSourceDatabase> source() {
        return Optional.ofNullable(source);
    }

    public Optional<SampleRemoteServer> remote() {
        return Optional.ofNullable(remote);
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
        if (source != null) {
            source.close();
        }
        sqs.close();
        current = null;
    }
}
