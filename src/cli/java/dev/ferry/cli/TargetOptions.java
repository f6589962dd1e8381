package dev.ferry.cli;

import picocli.CommandLine.Option;

/** Where a command acts: the local engines (default) or a deployed stack on AWS. */
public final class TargetOptions {
    /** The local run's work queue on a standalone ElasticMQ at its usual port. */
    public static final String LOCAL_QUEUE_URL = "http://127.0.0.1:9324/000000000000/ferry-work";
    public static final String LOCAL_DATABASE_URL = "jdbc:mysql://127.0.0.1:3306/?user=root&password=";

    public enum Kind { local, aws }

    @Option(names = "--target", defaultValue = "local", description = "local (default): the local engines directly; "
            + "aws: the deployed status function and work queue (the AWS SDK's default credential chain).")
    Kind target = Kind.local;

    @Option(names = "--queue-url", description = "The work queue's URL (env FERRY_QUEUE_URL; the stack output WorkQueueUrl). "
            + "Local default: " + LOCAL_QUEUE_URL + ".")
    String queueUrl;

    @Option(names = "--operator-queue-url", description = "The operator queue's URL, where operator messages go ahead of "
            + "data work (env FERRY_QUEUE_OPERATOR_URL; the stack output OperatorQueueUrl); default: the work queue.")
    String operatorQueueUrl;

    @Option(names = "--dead-letter-queue-url", description = "The dead-letter queue's URL (env FERRY_DEAD_LETTER_QUEUE_URL); "
            + "default: the work queue's redrive policy's target.")
    String deadLetterQueueUrl;

    @Option(names = "--database-url", description = "Local: the MySQL-compatible server holding the installations' state "
            + "(env FERRY_MYSQL_URL; default " + LOCAL_DATABASE_URL + ").")
    String databaseUrl;

    @Option(names = "--database-prefix", description = "Local: the installation databases' prefix "
            + "(env FERRY_DESTINATION_DATABASE_PREFIX; default ferry_).")
    String databasePrefix;

    @Option(names = "--plan", description = "Local: the migration plan (env FERRY_PLAN_LOCATION; default classpath:ferry-plan.yaml).")
    String plan;

    @Option(names = "--status-function", description = "AWS: the status function's name or ARN "
            + "(env FERRY_STATUS_FUNCTION; the stack output StatusFunctionLiveArn).")
    String statusFunction;

    @Option(names = "--region", description = "AWS: the region (default: the one the queue URL or function ARN names, "
            + "else AWS_REGION or the profile's).")
    String region;

    @Option(names = "--lambda-endpoint-url", description = "AWS: invoke the status function through this endpoint "
            + "instead of AWS's (env FERRY_LAMBDA_ENDPOINT_URL), e.g. an emulator. (SQS calls go to the queue URL's own "
            + "host unless it is an amazonaws.com one.)")
    String lambdaEndpointUrl;

    String lambdaEndpointUrl() {
        return first(lambdaEndpointUrl, System.getenv("FERRY_LAMBDA_ENDPOINT_URL"));
    }

    String queueUrl() {
        String url = first(queueUrl, System.getenv("FERRY_QUEUE_URL"));
        if (url == null && target == Kind.local) {
            url = LOCAL_QUEUE_URL;
        }
        if (url == null) {
            throw new CliFailure("the work queue is unknown: give --queue-url (the stack output WorkQueueUrl) or FERRY_QUEUE_URL");
        }
        return url;
    }

    /** The operator queue, or null when operator messages share the work queue. */
    String operatorQueueUrl() {
        return first(operatorQueueUrl, System.getenv("FERRY_QUEUE_OPERATOR_URL"));
    }

    String deadLetterQueueUrl() {
        return first(deadLetterQueueUrl, System.getenv("FERRY_DEAD_LETTER_QUEUE_URL"));
    }

    String databaseUrl() {
        return orDefault(first(databaseUrl, System.getenv("FERRY_MYSQL_URL")), LOCAL_DATABASE_URL);
    }

    String databasePrefix() {
        return orDefault(first(databasePrefix, System.getenv("FERRY_DESTINATION_DATABASE_PREFIX")), "ferry_");
    }

    String plan() {
        return orDefault(first(plan, System.getenv("FERRY_PLAN_LOCATION")), "classpath:ferry-plan.yaml");
    }

    String statusFunction() {
        return first(statusFunction, System.getenv("FERRY_STATUS_FUNCTION"));
    }

    /** Opens the target; the caller closes it. */
    FerryTarget open() {
        return target == Kind.aws ? new AwsTarget(this) : new LocalTarget(this);
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
