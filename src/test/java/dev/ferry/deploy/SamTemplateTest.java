package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployment template (template.yaml) offline: the SAM CLI is not available in the
 * build environment, so the properties the functions depend on at run time are asserted here.
 * The template is written in long-form intrinsics (Ref:, Fn::GetAtt:, Fn::Sub:), so it parses
 * as plain YAML.
 */
class SamTemplateTest {

    private static final Path TEMPLATE = Path.of("template.yaml");
    private static final List<String> FUNCTIONS = List.of("TrackerFunction", "WorkerFunction", "StatusFunction");
    /** The building blocks' functions, sharing the blocks bucket and the file-group queue. */
    private static final List<String> BLOCK_FUNCTIONS = List.of("ExporterFunction", "ImporterFunction");
    private static final List<String> ALL_FUNCTIONS = List.of("TrackerFunction", "WorkerFunction", "StatusFunction",
            "ExporterFunction", "ImporterFunction");
    private static final String SECRETS_MANAGER_REFERENCE = "{{resolve:secretsmanager:";

    private static JsonNode template;

    @BeforeAll
    static void parseTemplate() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    }

    @Test
    void shouldDefineExactlyTheTrackerWorkerStatusExporterAndImporterFunctions() {
        // given the parsed template
        // when listing its SAM functions
        List<String> functions = resourcesOfType("AWS::Serverless::Function");

        // then there are exactly the five functions the handlers are written for
        assertThat(functions).containsExactlyInAnyOrderElementsOf(ALL_FUNCTIONS);
    }

    @Test
    void shouldAcceptOnlyAnHttpsRemote() {
        // given the remote's URL parameter
        JsonNode parameter = template.path("Parameters").path("RemoteBaseUrl");

        // when its pattern is applied as CloudFormation applies it (the whole value must match)
        java.util.regex.Pattern allowed = java.util.regex.Pattern.compile(parameter.path("AllowedPattern").asText());

        // then an https URL is accepted and plain http refused
        assertThat(allowed.matcher("https://remote.example.com/app").matches()).isTrue();
        assertThat(allowed.matcher("http://remote.example.com/app").matches()).isFalse();
        assertThat(allowed.matcher("https://").matches()).isFalse();
    }

    @Test
    void shouldDeployEveryFunction_fromTheSingleFunctionZip() {
        // given every function
        for (String function : ALL_FUNCTIONS) {
            // when resolving the code location, Globals included
            JsonNode codeUri = effectiveProperty(function, "CodeUri");

            // then each one is built from the same artifact
            assertThat(codeUri.asText()).as(function).isEqualTo("target/function.zip");
        }
    }

    @Test
    void shouldRunEveryFunction_throughQuarkusStreamHandlerOnJava17() {
        // given every function
        for (String function : ALL_FUNCTIONS) {
            // when resolving handler and runtime, Globals included
            String handler = effectiveProperty(function, "Handler").asText();
            String runtime = effectiveProperty(function, "Runtime").asText();

            // then Quarkus dispatches to the CDI-named handler on the Java 17 runtime
            assertThat(handler).as(function)
                    .isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            assertThat(runtime).as(function).isEqualTo("java17");
        }
    }

    @Test
    void shouldSelectADistinctCdiNamedHandler_perFunction() {
        // given the three functions
        Map<String, String> handlerByFunction = new LinkedHashMap<>();

        // when reading QUARKUS_LAMBDA_HANDLER from each one's environment
        for (String function : ALL_FUNCTIONS) {
            handlerByFunction.put(function, effectiveEnvironment(function).get("QUARKUS_LAMBDA_HANDLER").asText());
        }

        // then each function runs its own handler
        assertThat(handlerByFunction).containsExactlyInAnyOrderEntriesOf(Map.of(
                "TrackerFunction", "tracker",
                "WorkerFunction", "worker",
                "StatusFunction", "status",
                "ExporterFunction", "exporter",
                "ImporterFunction", "importer"));
    }

    @Test
    void shouldPointEveryFunction_atTheWorkQueue() {
        // given the three functions
        for (String function : FUNCTIONS) {
            // when reading the queue URL from each one's environment
            JsonNode queueUrl = effectiveEnvironment(function).get("FERRY_QUEUE_URL");

            // then it is the work queue's URL (Ref of an SQS queue)
            assertThat(queueUrl).as(function).isNotNull();
            assertThat(queueUrl.path("Ref").asText()).as(function).isEqualTo("WorkQueue");
        }
    }

    @Test
    void shouldTriggerTheTracker_onAnHourlySchedule() {
        // given the tracker's events
        JsonNode events = properties("TrackerFunction").path("Events");

        // when picking its Schedule event
        List<JsonNode> schedules = eventsOfType(events, "Schedule");

        // then one schedule drives it, set by the TrackerSchedule parameter, hourly by default
        assertThat(schedules).hasSize(1);
        assertThat(schedules.get(0).path("Properties").path("Schedule").path("Ref").asText())
                .isEqualTo("TrackerSchedule");
        assertThat(template.path("Parameters").path("TrackerSchedule").path("Default").asText())
                .isEqualTo("rate(1 hour)");
    }

    @Test
    void shouldConsumeTheWorkQueue_oneMessageAtATime_onWorkerSqsEvent() {
        // given the worker's events
        JsonNode events = properties("WorkerFunction").path("Events");

        // when picking its SQS event
        List<JsonNode> sqsEvents = eventsOfType(events, "SQS");

        // then it reads the work queue with batches of one message
        assertThat(sqsEvents).hasSize(1);
        JsonNode sqs = sqsEvents.get(0).path("Properties");
        assertThat(sqs.path("Queue").path("Fn::GetAtt")).containsExactly(text("WorkQueue"), text("Arn"));
        assertThat(sqs.path("BatchSize").asInt()).isEqualTo(1);
    }

    @Test
    void shouldReportBatchItemFailures_onWorkerSqsEvent() {
        // given the worker's SQS event
        JsonNode sqs = eventsOfType(properties("WorkerFunction").path("Events"), "SQS").get(0).path("Properties");

        // when reading its function response types
        JsonNode responseTypes = sqs.path("FunctionResponseTypes");

        // then Lambda honours the worker's SQSBatchResponse instead of retrying the whole batch
        assertThat(responseTypes).containsExactly(text("ReportBatchItemFailures"));
    }

    @Test
    void shouldGiveTheWorker_theFullFifteenMinuteTimeout() {
        // given the worker function
        // when resolving its timeout
        int timeout = effectiveProperty("WorkerFunction", "Timeout").asInt();

        // then a transfer can use Lambda's maximum of 900 s
        assertThat(timeout).isEqualTo(900);
    }

    @Test
    void shouldKeepTheQueueVisibilityTimeout_atLeastSixTimesTheWorkerTimeout() {
        // given the worker's timeout and the work queue
        int workerTimeout = effectiveProperty("WorkerFunction", "Timeout").asInt();
        JsonNode queue = properties("WorkQueue");

        // when reading the queue's visibility timeout
        int visibilityTimeout = queue.path("VisibilityTimeout").asInt();

        // then an in-flight message stays hidden long enough, as Lambda's SQS guidance requires
        assertThat(workerTimeout).isPositive();
        assertThat(visibilityTimeout).isGreaterThanOrEqualTo(6 * workerTimeout);
    }

    @Test
    void shouldRedriveToTheDeadLetterQueue_afterMaxReceiveCount() {
        // given the work queue
        JsonNode redrivePolicy = properties("WorkQueue").path("RedrivePolicy");

        // when reading its redrive policy
        JsonNode target = redrivePolicy.path("deadLetterTargetArn").path("Fn::GetAtt");
        int maxReceiveCount = redrivePolicy.path("maxReceiveCount").asInt();

        // then failing messages are retried a few times, then parked in the dead-letter queue
        assertThat(target).containsExactly(text("WorkDeadLetterQueue"), text("Arn"));
        assertThat(resource("WorkDeadLetterQueue").path("Type").asText()).isEqualTo("AWS::SQS::Queue");
        assertThat(maxReceiveCount).isGreaterThan(1);
    }

    @Test
    void shouldEnableSnapStart_onThePublishedVersionOfEveryFunction() {
        // given every function
        for (String function : ALL_FUNCTIONS) {
            // when resolving SnapStart and the published alias, Globals included
            JsonNode snapStart = effectiveProperty(function, "SnapStart");
            JsonNode alias = effectiveProperty(function, "AutoPublishAlias");

            // then snapshots apply to published versions, which the alias publishes
            assertThat(snapStart.path("ApplyOn").asText()).as(function).isEqualTo("PublishedVersions");
            assertThat(alias.asText()).as(function).isNotBlank();
        }
    }

    @Test
    void shouldNeverHoldLiteralSecretValues_inFunctionEnvironments() {
        // given every function
        List<String> checked = new ArrayList<>();
        for (String function : ALL_FUNCTIONS) {
            // when picking the environment variables that carry passwords or secrets
            effectiveEnvironment(function).forEach((name, value) -> {
                if (!name.contains("PASSWORD") && !name.contains("SECRET")) {
                    return;
                }
                checked.add(name);

                // then each one is a Secrets Manager dynamic reference, resolved at deploy time
                String text = value.isTextual() ? value.asText() : value.path("Fn::Sub").asText();
                assertThat(text).as(function + " " + name)
                        .startsWith(SECRETS_MANAGER_REFERENCE)
                        .endsWith("}}");
            });
        }
        assertThat(checked).contains("QUARKUS_DATASOURCE_PASSWORD", "FERRY_REMOTE_TOKEN_SECRET");
    }

    @Test
    void shouldLetTheTrackerOnlySendToTheWorkQueue() {
        // given the tracker function
        // when listing its policy templates
        Map<String, JsonNode> policies = policyTemplates("TrackerFunction");

        // then it may send to the work queue and nothing else
        assertThat(policies).containsOnlyKeys("SQSSendMessagePolicy");
        assertThat(queueNameOf(policies.get("SQSSendMessagePolicy"))).isEqualTo("WorkQueue");
    }

    @Test
    void shouldLetTheWorkerSendToAndPollTheWorkQueue() {
        // given the worker function
        // when listing its policy templates
        Map<String, JsonNode> policies = policyTemplates("WorkerFunction");

        // then it may re-enqueue (continuations, fan-out) and consume the work queue, nothing else
        assertThat(policies).containsOnlyKeys("SQSSendMessagePolicy", "SQSPollerPolicy");
        assertThat(queueNameOf(policies.get("SQSSendMessagePolicy"))).isEqualTo("WorkQueue");
        assertThat(queueNameOf(policies.get("SQSPollerPolicy"))).isEqualTo("WorkQueue");
    }

    @Test
    void shouldGiveTheStatusFunction_noQueuePermissionsAndNoEvents() {
        // given the status function
        JsonNode status = properties("StatusFunction");

        // when reading its policies and events
        // then it is invoked directly and needs no queue access
        assertThat(status.has("Policies")).isFalse();
        assertThat(status.has("Events")).isFalse();
    }

    @Test
    void shouldKeepTheBlocksStore_inAPrivateEncryptedBucket_sharedByTheExporterAndImporter() {
        // given the bucket and the two functions
        JsonNode bucket = resource("BlocksBucket");

        // then the bucket blocks public access, encrypts at rest and outlives the stack
        assertThat(bucket.path("Type").asText()).isEqualTo("AWS::S3::Bucket");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        JsonNode access = bucket.path("Properties").path("PublicAccessBlockConfiguration");
        for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(access.path(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(bucket.path("Properties").path("BucketEncryption").toString()).contains("AES256");
        for (String function : BLOCK_FUNCTIONS) {
            // and each function finds the store at s3://<bucket>/ferry-blocks, with read-write rights on that bucket only
            assertThat(effectiveEnvironment(function).get("FERRY_BLOCKS_STORE_ROOT").path("Fn::Sub").asText())
                    .as(function).isEqualTo("s3://${BlocksBucket}/ferry-blocks");
            assertThat(policyTemplates(function).get("S3CrudPolicy").path("BucketName").path("Ref").asText())
                    .as(function).isEqualTo("BlocksBucket");
            assertThat(effectiveProperty(function, "Timeout").asInt()).as(function).isEqualTo(900);
        }
    }

    @Test
    void shouldLetTheExporterOnlySendFileGroupNotices_toTheFileGroupQueue() {
        // given the exporter
        Map<String, JsonNode> policies = policyTemplates("ExporterFunction");

        // then it sends to the file-group queue, whose URL it is given, and has no events (invoked directly)
        assertThat(policies).containsOnlyKeys("SQSSendMessagePolicy", "S3CrudPolicy");
        assertThat(queueNameOf(policies.get("SQSSendMessagePolicy"))).isEqualTo("FileGroupQueue");
        assertThat(effectiveEnvironment("ExporterFunction").get("FERRY_BLOCKS_FILE_GROUP_QUEUE_URL").path("Ref").asText())
                .isEqualTo("FileGroupQueue");
        assertThat(properties("ExporterFunction").has("Events")).isFalse();
    }

    @Test
    void shouldFeedTheImporter_fromTheFileGroupQueue_oneNoticeAtATime_withBatchItemFailures() {
        // given the importer's SQS event and policies
        List<JsonNode> sqsEvents = eventsOfType(properties("ImporterFunction").path("Events"), "SQS");
        Map<String, JsonNode> policies = policyTemplates("ImporterFunction");

        // then it consumes the file-group queue, reporting failed records, and cannot send anywhere
        assertThat(sqsEvents).hasSize(1);
        JsonNode sqs = sqsEvents.get(0).path("Properties");
        assertThat(sqs.path("Queue").path("Fn::GetAtt")).containsExactly(text("FileGroupQueue"), text("Arn"));
        assertThat(sqs.path("BatchSize").asInt()).isEqualTo(1);
        assertThat(sqs.path("FunctionResponseTypes")).containsExactly(text("ReportBatchItemFailures"));
        assertThat(queueNameOf(policies.get("SQSPollerPolicy"))).isEqualTo("FileGroupQueue");
        assertThat(policies).containsOnlyKeys("SQSPollerPolicy", "S3CrudPolicy");
    }

    @Test
    void shouldKeepFileGroupNotices_hiddenSixImporterTimeouts_thenInADeadLetterQueue() {
        // given the importer's timeout and the file-group queue
        int importerTimeout = effectiveProperty("ImporterFunction", "Timeout").asInt();
        JsonNode queue = properties("FileGroupQueue");

        // then
        assertThat(queue.path("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * importerTimeout);
        assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt"))
                .containsExactly(text("FileGroupDeadLetterQueue"), text("Arn"));
        assertThat(queue.path("RedrivePolicy").path("maxReceiveCount").asInt()).isGreaterThan(1);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("resource %s", logicalId).isFalse();
        return resource;
    }

    private static JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    private static List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : template.path("Resources").properties()) {
            if (type.equals(entry.getValue().path("Type").asText())) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    /** The function's own value of a property, or else the one from Globals.Function. */
    private static JsonNode effectiveProperty(String function, String property) {
        JsonNode own = properties(function).path(property);
        return own.isMissingNode() ? template.path("Globals").path("Function").path(property) : own;
    }

    /** Globals.Function environment variables overlaid with the function's own, as SAM merges them. */
    private static Map<String, JsonNode> effectiveEnvironment(String function) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        collect(template.path("Globals").path("Function").path("Environment").path("Variables"), variables);
        collect(properties(function).path("Environment").path("Variables"), variables);
        return variables;
    }

    private static void collect(JsonNode object, Map<String, JsonNode> into) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            into.put(entry.getKey(), entry.getValue());
        }
    }

    private static List<JsonNode> eventsOfType(JsonNode events, String type) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : events) {
            if (type.equals(event.path("Type").asText())) {
                matching.add(event);
            }
        }
        return matching;
    }

    private static Map<String, JsonNode> policyTemplates(String function) {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        for (JsonNode policy : properties(function).path("Policies")) {
            collect(policy, templates);
        }
        return templates;
    }

    private static String queueNameOf(JsonNode policyTemplate) {
        JsonNode getAtt = policyTemplate.path("QueueName").path("Fn::GetAtt");
        assertThat(getAtt.path(1).asText()).isEqualTo("QueueName");
        return getAtt.path(0).asText();
    }

    private static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }
}
