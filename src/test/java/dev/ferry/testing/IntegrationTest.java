package dev.ferry.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that needs a real service — MariaDB, ElasticMQ, an HTTP server, S3Proxy, Quarkus
 * or a process of its own — rather than in-memory fakes. {@code ./mvnw test} runs only the others (the
 * unit lane); {@code ./mvnw verify} runs these too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
public @interface IntegrationTest {
}
