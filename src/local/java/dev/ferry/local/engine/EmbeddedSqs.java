package dev.ferry.local.engine;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS-compatible server (ElasticMQ) running in this JVM on 127.0.0.1 with a dynamic port.
 *
 * <p>Clients reach it with static credentials {@code x}/{@code x}, region {@code us-east-1} and
 * {@link #endpoint()} as endpoint override; {@link #newClient()} builds such a client.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** The region the SDK clients are configured with. */
    public static final Region REGION = Region.US_EAST_1;
    /** Suffix of the dead-letter queue created next to each queue. */
    public static final String DEAD_LETTER_SUFFIX = "-dlq";

    private static final System.Logger LOG = System.getLogger(EmbeddedSqs.class.getName());

    private final SQSRestServer server;
    private final URI endpoint;

    private EmbeddedSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts a fresh, empty server; returns once it accepts connections. */
    public static EmbeddedSqs start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        InetSocketAddress address = server.waitUntilStarted().localAddress();
        URI endpoint = URI.create("http://127.0.0.1:" + address.getPort());
        LOG.log(System.Logger.Level.INFO, "Embedded SQS listening on {0}", endpoint);
        return new EmbeddedSqs(server, endpoint);
    }

    /** The base URI to use as the SQS endpoint override. */
    public URI endpoint() {
        return endpoint;
    }

    /** A new SDK client pointed at this server; the caller closes it. */
    public SqsClient newClient() {
        return newClient(endpoint);
    }

    /** A new SDK client for a local SQS-compatible endpoint; the caller closes it. */
    public static SqsClient newClient(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * Creates {@code queueName} and its dead-letter queue {@code queueName + "-dlq"}, with a redrive
     * policy moving a message to the dead-letter queue after {@code maxReceiveCount} receives.
     * Creating queues that already exist with the same attributes is harmless.
     */
    public QueueUrls createQueueWithDeadLetterQueue(String queueName, int maxReceiveCount, Duration visibilityTimeout) {
        try (SqsClient sqs = newClient()) {
            return createQueueWithDeadLetterQueue(sqs, queueName, maxReceiveCount, visibilityTimeout);
        }
    }

    /** As {@link #createQueueWithDeadLetterQueue(String, int, Duration)}, with a 30 s visibility timeout. */
    public QueueUrls createQueueWithDeadLetterQueue(String queueName, int maxReceiveCount) {
        return createQueueWithDeadLetterQueue(queueName, maxReceiveCount, Duration.ofSeconds(30));
    }

    /** Creates a queue and its dead-letter queue through the given client (any SQS endpoint). */
    public static QueueUrls createQueueWithDeadLetterQueue(
            SqsClient sqs, String queueName, int maxReceiveCount, Duration visibilityTimeout) {
        Objects.requireNonNull(queueName, "queueName");
        if (maxReceiveCount < 1) {
            throw new IllegalArgumentException("maxReceiveCount must be at least 1: " + maxReceiveCount);
        }
        String deadLetterUrl = sqs.createQueue(b -> b.queueName(queueName + DEAD_LETTER_SUFFIX)).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                + maxReceiveCount + "\"}";
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy,
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()))))
                .queueUrl();
        return new QueueUrls(queueUrl, deadLetterUrl);
    }

    /** Stops the server; its queues and messages are gone. */
    public void stop() {
        server.stopAndWait();
    }

    @Override
    public void close() {
        stop();
    }

    /** The URLs of a queue and of its dead-letter queue. */
    public record QueueUrls(String queueUrl, String deadLetterQueueUrl) {
    }
}
