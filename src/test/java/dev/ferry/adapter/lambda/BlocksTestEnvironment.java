package dev.ferry.adapter.lambda;

import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.testing.FerryTestEnvironment;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link FerryTestEnvironment} plus what the building blocks need: a file-group queue (with its
 * dead-letter queue) on the same embedded SQS, and a store directory of their own.
 */
public final class BlocksTestEnvironment implements QuarkusTestResourceLifecycleManager {
    public static final String COPY = "e2e-small-copy";

    private final FerryTestEnvironment core = new FerryTestEnvironment();
    private Path store;
    private String prefix;
    private String fileGroupQueueUrl;
    private LocalEnvironment environment;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(core.start());
        prefix = config.get("ferry.destination.database-prefix");
        try (SqsClient sqs = EmbeddedSqs.newClient(URI.create(config.get("quarkus.sqs.endpoint-override")))) {
            fileGroupQueueUrl = EmbeddedSqs.createQueueWithDeadLetterQueue(sqs, "ferry-file-groups", 3,
                    Duration.ofSeconds(30)).queueUrl();
        }
        try {
            store = Files.createTempDirectory("ferry-blocks-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("ferry.blocks.store-root", store.toString());
        config.put("ferry.blocks.file-group-queue-url", fileGroupQueueUrl);
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
    }

    @Override
    public void stop() {
        if (environment != null) {
            environment.mysql().dropDatabase(prefix + COPY);
        }
        core.stop();
        if (store != null) {
            try (Stream<Path> files = Files.walk(store)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }

    /** Marks the test field that receives the file-group queue's URL. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface FileGroupQueue {
    }
}
