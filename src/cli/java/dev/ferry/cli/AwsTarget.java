package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A deployed stack: the status function invoked directly (its JSON is the report) and the work queue,
 * both with the AWS SDK's default credential chain.
 */
final class AwsTarget implements FerryTarget {
    private final TargetOptions options;
    private final ObjectMapper json = Json.mapper();
    private LambdaClient lambda;
    private OperatorQueue queue;

    AwsTarget(TargetOptions options) {
        this.options = options;
    }

    @Override
    public boolean readsStatus() {
        return options.statusFunction() != null;
    }

    @Override
    public StatusReport.InstallationState installation(InstallationId installation) {
        return read(statusJson(installation), StatusReport.InstallationState.class);
    }

    @Override
    public StatusReport.Fleet fleet() {
        return read(statusJson(null), StatusReport.Fleet.class);
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (Exception e) {
            throw new CliFailure("the status function's answer is not a status report: " + e.getMessage());
        }
    }

    @Override
    public String statusJson(InstallationId installationOrNull) {
        String function = options.statusFunction();
        if (function == null) {
            throw new CliFailure("the status function is unknown: give --status-function (the stack output "
                    + "StatusFunctionLiveArn) or FERRY_STATUS_FUNCTION");
        }
        if (lambda == null) {
            var builder = LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
            builder.region(region(function).orElseThrow());
            java.util.Optional.ofNullable(options.lambdaEndpointUrl()).map(java.net.URI::create)
                    .ifPresent(builder::endpointOverride);
            lambda = builder.build();
        }
        String request = json.createObjectNode()
                .put("installationId", installationOrNull == null ? null : installationOrNull.value()).toString();
        InvokeResponse response = lambda.invoke(b -> b.functionName(function)
                .payload(SdkBytes.fromString(request, StandardCharsets.UTF_8)));
        String body = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new CliFailure("the status function failed (" + response.functionError() + "): " + body);
        }
        return body;
    }

    @Override
    public OperatorQueue queue() {
        if (queue == null) {
            String url = options.queueUrl();
            var builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
            builder.region(region(url).orElseThrow());
            sqsEndpoint(url).ifPresent(builder::endpointOverride);
            queue = new OperatorQueue(builder.build(), url, options.operatorQueueUrl(), options.deadLetterQueueUrl(), json);
        }
        return queue;
    }

    /** A queue URL outside AWS (an emulator's) names the endpoint to call; AWS's own are left to the SDK. */
    static java.util.Optional<java.net.URI> sqsEndpoint(String queueUrl) {
        java.net.URI url = java.net.URI.create(queueUrl);
        if (url.getHost() == null || url.getHost().endsWith(".amazonaws.com") || url.getHost().endsWith(".amazonaws.com.cn")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.net.URI.create(url.getScheme() + "://" + url.getRawAuthority()));
    }

    /**
     * {@code --region}, else the region a queue URL ({@code https://sqs.eu-west-1.amazonaws.com/…}) or a
     * function ARN ({@code arn:aws:lambda:eu-west-1:…}) names, else AWS_REGION / {@code aws.region} / the profile's.
     */
    private java.util.Optional<Region> region(String urlOrArn) {
        if (options.region != null) {
            return java.util.Optional.of(Region.of(options.region));
        }
        java.util.regex.Matcher m = REGION_IN.matcher(urlOrArn);
        if (m.find()) {
            return java.util.Optional.of(Region.of(m.group(1) != null ? m.group(1) : m.group(2)));
        }
        // AWS_REGION, aws.region or the profile's; never the instance metadata service (an operator's machine has none)
        try {
            return java.util.Optional.of(new software.amazon.awssdk.regions.providers.AwsRegionProviderChain(
                    new software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider(),
                    new software.amazon.awssdk.regions.providers.AwsProfileRegionProvider()).getRegion());
        } catch (RuntimeException none) {
            throw new CliFailure("the AWS region is unknown: give --region, AWS_REGION or a profile's region");
        }
    }

    private static final java.util.regex.Pattern REGION_IN = java.util.regex.Pattern.compile(
            "^https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com/|^arn:aws[a-z-]*:lambda:([a-z0-9-]+):");

    @Override
    public void close() {
        if (lambda != null) {
            lambda.close();
        }
        if (queue != null) {
            queue.close();
        }
    }
}
