package dev.ferry.adapter.lambda;

import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.TestS3;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link FerryTestEnvironment} plus what the building blocks need: a file-group queue (with its
 * dead-letter queue) on the same embedded SQS, and a bucket of their own on the tests' S3-compatible
 * server ({@link TestS3}), reached through Quarkus's S3 client as on Lambda.
 */
public final class BlocksTestEnvironment implements QuarkusTestResourceLifecycleManager {
    public static final String COPY = "e2e-small-copy";
    /** The destination of the flow whose export continues through the export queue. */
    public static final String CONTINUED_COPY = "e2e-small-continued";
    /** An export stops this long before its invocation ends: tests give it a little more, or as little. */
    public static final java.time.Duration EXPORT_SAFETY_MARGIN = java.time.Duration.ofSeconds(10);

    private final FerryTestEnvironment core = new FerryTestEnvironment();
    private String prefix;
    private String fileGroupQueueUrl;
    private String exportQueueUrl;
    private LocalEnvironment environment;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(core.start());
        prefix = config.get("ferry.destination.database-prefix");
        try (SqsClient sqs = EmbeddedSqs.newClient(URI.create(config.get("quarkus.sqs.endpoint-override")))) {
            fileGroupQueueUrl = EmbeddedSqs.createQueueWithDeadLetterQueue(sqs, "ferry-file-groups", 3,
                    Duration.ofSeconds(30)).queueUrl();
            exportQueueUrl = EmbeddedSqs.createQueueWithDeadLetterQueue(sqs, "ferry-exports", 3,
                    Duration.ofSeconds(30)).queueUrl();
        }
        config.put("ferry.blocks.store-root", "s3://" + TestS3.newBucket("blocks") + "/ferry-blocks");
        config.put("quarkus.s3.endpoint-override", TestS3.endpoint().toString());
        config.put("quarkus.s3.path-style-access", "true");
        // S3Proxy does not take the SDK's streaming checksum trailers (real S3 does): checksums only where required
        config.put("quarkus.s3.checksum-validation", "false");
        config.put("quarkus.s3.aws.region", TestS3.REGION.id());
        config.put("quarkus.s3.aws.credentials.type", "static");
        config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", TestS3.IDENTITY);
        config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", TestS3.CREDENTIAL);
        config.put("ferry.blocks.file-group-queue-url", fileGroupQueueUrl);
        config.put("ferry.blocks.export-queue-url", exportQueueUrl);
        config.put("ferry.blocks.export-safety-margin", EXPORT_SAFETY_MARGIN.toSeconds() + "s");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        core.inject(new TestInjector() {
            @Override
            public void injectIntoFields(Object value, java.util.function.Predicate<java.lang.reflect.Field> predicate) {
                if (value instanceof LocalEnvironment e) {
                    environment = e;
                }
                injector.injectIntoFields(value, predicate);
            }
        });
        injector.injectIntoFields(fileGroupQueueUrl, new TestInjector.AnnotatedAndMatchesType(FileGroupQueue.class, String.class));
        injector.injectIntoFields(exportQueueUrl, new TestInjector.AnnotatedAndMatchesType(ExportQueue.class, String.class));
    }

    @Override
    public void stop() {
        if (environment != null) {
            environment.mysql().dropDatabase(prefix + COPY);
            environment.mysql().dropDatabase(prefix + CONTINUED_COPY);
        }
        core.stop();
    }

    /** Marks the test field that receives the file-group queue's URL. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface FileGroupQueue {
    }

    /** Marks the test field that receives the export queue's URL. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface ExportQueue {
    }
}
