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
    void shouldConsumeTheWorkAndOperatorQueues_oneMessageAtATime_onTwoWorkerSqsEvents() {
        // given the worker's events
        JsonNode events = properties("WorkerFunction").path("Events");

        // when picking its SQS events
        List<JsonNode> sqsEvents = eventsOfType(events, "SQS");

        // then it reads the work queue and the operator queue, each with batches of one message
        assertThat(sqsEvents).hasSize(2);
        assertThat(events.path("Work").path("Properties").path("Queue").path("Fn::GetAtt"))
                .containsExactly(text("WorkQueue"), text("Arn"));
        assertThat(events.path("Operator").path("Properties").path("Queue").path("Fn::GetAtt"))
                .containsExactly(text("OperatorQueue"), text("Arn"));
        for (JsonNode event : sqsEvents) {
            assertThat(event.path("Properties").path("BatchSize").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportBatchItemFailures_onEveryWorkerSqsEvent() {
        // given the worker's SQS events
        for (JsonNode event : eventsOfType(properties("WorkerFunction").path("Events"), "SQS")) {
            // when reading its function response types
            JsonNode responseTypes = event.path("Properties").path("FunctionResponseTypes");

            // then Lambda honours the worker's SQSBatchResponse instead of retrying the whole batch
            assertThat(responseTypes).containsExactly(text("ReportBatchItemFailures"));
        }
    }

    @Test
    void shouldSendOperatorMessagesToTheirOwnQueue_whichRedrivesToTheWorkDeadLetterQueue() {
        // given the worker's environment and the operator queue
        JsonNode operatorUrl = effectiveEnvironment("WorkerFunction").get("FERRY_QUEUE_OPERATOR_URL");
        JsonNode queue = properties("OperatorQueue");

        // then the worker sends operator messages there, and the queue behaves as the work queue does
        assertThat(operatorUrl.path("Ref").asText()).isEqualTo("OperatorQueue");
        assertThat(queue.path("VisibilityTimeout").asInt())
                .isGreaterThanOrEqualTo(6 * effectiveProperty("WorkerFunction", "Timeout").asInt());
        assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt"))
                .containsExactly(text("WorkDeadLetterQueue"), text("Arn"));
        assertThat(queue.path("RedrivePolicy").path("maxReceiveCount").asInt()).isGreaterThan(1);
    }

    @Test
    void shouldCapTheConcurrencyOfEverySqsEventSource_byAParameterWithASafeDefault() {
        // given every SQS event source of every function
        Map<String, Integer> defaults = new LinkedHashMap<>();
        for (String function : ALL_FUNCTIONS) {
            for (Map.Entry<String, JsonNode> event : properties(function).path("Events").properties()) {
                if (!"SQS".equals(event.getValue().path("Type").asText())) {
                    continue;
                }
                // when reading its maximum concurrency
                JsonNode maximum = event.getValue().path("Properties").path("ScalingConfig").path("MaximumConcurrency");

                // then it is set from a parameter whose default SQS accepts (2 to 1000)
                String parameter = maximum.path("Ref").asText();
                assertThat(parameter).as(function + " " + event.getKey()).isNotBlank();
                int value = template.path("Parameters").path(parameter).path("Default").asInt();
                assertThat(value).as(parameter).isBetween(2, 1000);
                defaults.put(function + "." + event.getKey(), value);
            }
        }
        // and the connection budget stays small: 4 connections per instance
        assertThat(defaults).containsExactlyInAnyOrderEntriesOf(Map.of(
                "WorkerFunction.Work", 10, "WorkerFunction.Operator", 2, "ImporterFunction.FileGroups", 5,
                "ExporterFunction.ExportContinuations", 2));
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
    void shouldGiveFunctionsSecretArnsOnly_neverASecretValueNorADynamicReference() {
        // given every function
        List<String> checked = new ArrayList<>();
        for (String function : ALL_FUNCTIONS) {
            effectiveEnvironment(function).forEach((name, value) -> {
                // when reading each environment value, intrinsic functions included
                // then none resolves a secret at deploy time (the value would sit in the function's configuration)
                assertThat(value.toString()).as(function + " " + name).doesNotContain(SECRETS_MANAGER_REFERENCE)
                        .doesNotContain("resolve:secretsmanager");
                // and a variable about a password or secret carries the secret's ARN (read at run time), not a value
                if (name.contains("PASSWORD") || name.contains("SECRET")) {
                    checked.add(name);
                    assertThat(name).as(function).startsWith("FERRY_SECRETS_").endsWith("_ARN");
                    assertThat(value.toString()).as(function + " " + name).containsAnyOf("SecretArn", "\"\"");
                }
            });
        }
        assertThat(checked).contains("FERRY_SECRETS_DATABASE_PASSWORD_ARN", "FERRY_SECRETS_REMOTE_TOKEN_SECRET_ARN",
                "FERRY_SECRETS_REMOTE_TOKEN_PRIVATE_KEY_ARN");
    }

    @Test
    void shouldLetEachFunctionReadOnlyItsOwnSecrets() {
        // given what each function needs: the tracker nothing, the importer the database, the rest the
        // database and the remote's signing key
        Map<String, List<String>> needs = Map.of(
                "TrackerFunction", List.of(),
                "ImporterFunction", List.of("DatabasePasswordSecretArn"),
                "WorkerFunction", List.of("DatabasePasswordSecretArn", "RemoteTokenPrivateKeySecretArn", "RemoteTokenSecretArn"),
                "StatusFunction", List.of("DatabasePasswordSecretArn", "RemoteTokenPrivateKeySecretArn", "RemoteTokenSecretArn"),
                "ExporterFunction", List.of("DatabasePasswordSecretArn", "RemoteTokenPrivateKeySecretArn", "RemoteTokenSecretArn"));
        for (String function : ALL_FUNCTIONS) {
            // when collecting the secrets its policies let it read, and the secret ARNs its environment names
            List<String> readable = new ArrayList<>();
            for (JsonNode policy : properties(function).path("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    assertThat(statement.path("Action").asText()).as(function).isEqualTo("secretsmanager:GetSecretValue");
                    collectRefs(statement.path("Resource"), readable);
                }
            }
            List<String> named = new ArrayList<>();
            effectiveEnvironment(function).forEach((name, value) -> {
                if (name.startsWith("FERRY_SECRETS_")) {
                    collectRefs(value, named);
                }
            });

            // then both are exactly the secrets it needs: GetSecretValue on those ARNs, nothing wider
            assertThat(readable).as(function + " policy").containsExactlyInAnyOrderElementsOf(needs.get(function));
            assertThat(named).as(function + " environment").containsExactlyInAnyOrderElementsOf(needs.get(function));
        }
        // and RS256 is deployable by parameters alone
        assertThat(template.path("Parameters").path("RemoteTokenAlgorithm").path("AllowedValues"))
                .containsExactly(text("HS256"), text("RS256"));
        assertThat(effectiveEnvironment("WorkerFunction").get("FERRY_REMOTE_TOKEN_ALGORITHM").path("Ref").asText())
                .isEqualTo("RemoteTokenAlgorithm");
        assertThat(effectiveEnvironment("WorkerFunction").get("FERRY_REMOTE_TOKEN_KEY_ID").toString()).contains("RemoteTokenKeyId");
    }

    @Test
    void shouldAlarmOnDeadLetterQueuesWorkerErrorsThrottlesAndOldestMessage_toTheAlarmTopic() {
        // given the template's alarms
        Map<String, JsonNode> alarms = new LinkedHashMap<>();
        for (String id : resourcesOfType("AWS::CloudWatch::Alarm")) {
            alarms.put(id, properties(id));
        }

        // then each watches what it is for
        assertThat(alarms).containsOnlyKeys("WorkDeadLetterAlarm", "FileGroupDeadLetterAlarm", "ExportDeadLetterAlarm",
                "WorkerErrorsAlarm", "WorkerThrottlesAlarm", "WorkQueueOldestMessageAlarm");
        assertAlarm(alarms.get("WorkDeadLetterAlarm"), "AWS/SQS", "ApproximateNumberOfMessagesVisible", "WorkDeadLetterQueue");
        assertAlarm(alarms.get("FileGroupDeadLetterAlarm"), "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                "FileGroupDeadLetterQueue");
        assertAlarm(alarms.get("ExportDeadLetterAlarm"), "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                "ExportDeadLetterQueue");
        assertAlarm(alarms.get("WorkerErrorsAlarm"), "AWS/Lambda", "Errors", "WorkerFunction");
        assertAlarm(alarms.get("WorkerThrottlesAlarm"), "AWS/Lambda", "Throttles", "WorkerFunction");
        assertAlarm(alarms.get("WorkQueueOldestMessageAlarm"), "AWS/SQS", "ApproximateAgeOfOldestMessage", "WorkQueue");
        assertThat(alarms.get("WorkQueueOldestMessageAlarm").path("Threshold").path("Ref").asText())
                .isEqualTo("OldestMessageAgeAlarmSeconds");
        for (String id : List.of("WorkDeadLetterAlarm", "FileGroupDeadLetterAlarm", "WorkerErrorsAlarm", "WorkerThrottlesAlarm")) {
            assertThat(alarms.get(id).path("Threshold").asInt()).as(id).isZero();
            assertThat(alarms.get(id).path("ComparisonOperator").asText()).as(id).isEqualTo("GreaterThanThreshold");
        }

        // and every alarm notifies the given topic, or the stack's own when none is given
        JsonNode created = resource("AlarmTopic");
        assertThat(created.path("Type").asText()).isEqualTo("AWS::SNS::Topic");
        assertThat(created.path("Condition").asText()).isEqualTo("CreateAlarmTopic");
        assertThat(template.path("Parameters").path("AlarmTopicArn").path("Default").asText()).isEmpty();
        alarms.forEach((id, alarm) -> {
            JsonNode choice = alarm.path("AlarmActions").path(0).path("Fn::If");
            assertThat(choice.path(0).asText()).as(id).isEqualTo("CreateAlarmTopic");
            assertThat(choice.path(1).path("Ref").asText()).as(id).isEqualTo("AlarmTopic");
            assertThat(choice.path(2).path("Ref").asText()).as(id).isEqualTo("AlarmTopicArn");
        });
    }

    @Test
    void shouldLogEveryFunctionToItsOwnLogGroup_withTheRetentionParameter() {
        for (String function : ALL_FUNCTIONS) {
            // given the function's logging configuration
            String group = properties(function).path("LoggingConfig").path("LogGroup").path("Ref").asText();

            // then it names a log group of this template, kept for LogRetentionDays
            assertThat(group).as(function).isNotBlank();
            assertThat(resource(group).path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(properties(group).path("RetentionInDays").path("Ref").asText()).isEqualTo("LogRetentionDays");
        }
        assertThat(resourcesOfType("AWS::Logs::LogGroup")).hasSize(ALL_FUNCTIONS.size());
        assertThat(template.path("Parameters").path("LogRetentionDays").path("Default").asInt()).isEqualTo(30);
    }

    @Test
    void shouldDrawTheDashboard_ofFerrysMetricsAndTheQueues() throws IOException {
        // given the dashboard's body, its substitutions replaced as CloudFormation would
        String body = properties("Dashboard").path("DashboardBody").path("Fn::Sub").asText()
                .replaceAll("\\$\\{[^}]+}", "x");

        // when parsed as the JSON CloudWatch reads
        JsonNode widgets = new ObjectMapper().readTree(body).path("widgets");

        // then it plots the EMF metrics and the queues' depth and age
        String all = widgets.toString();
        assertThat(widgets.size()).isGreaterThanOrEqualTo(6);
        for (String metric : List.of("RowsCopied", "PagesCopied", "PagesRefused", "JobsFailed", "RecordsRetried",
                "InstallationsTracked", "InstallationsByState", "ReplicationLag", "ApproximateNumberOfMessagesVisible",
                "ApproximateAgeOfOldestMessage")) {
            assertThat(all).as(metric).contains(metric);
        }
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
    void shouldLetTheWorkerSendToAndPollTheWorkAndOperatorQueues() {
        // given the worker function
        // when listing its policy templates
        Map<String, List<String>> queues = new LinkedHashMap<>();
        for (JsonNode policy : properties("WorkerFunction").path("Policies")) {
            for (Map.Entry<String, JsonNode> entry : policy.properties()) {
                if (entry.getKey().startsWith("SQS")) {
                    queues.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(queueNameOf(entry.getValue()));
                }
            }
        }

        // then it may re-enqueue (continuations, fan-out, verify steps) and consume both queues, nothing else
        assertThat(queues).containsOnlyKeys("SQSSendMessagePolicy", "SQSPollerPolicy");
        assertThat(queues.get("SQSSendMessagePolicy")).containsExactlyInAnyOrder("WorkQueue", "OperatorQueue");
        assertThat(queues.get("SQSPollerPolicy")).containsExactlyInAnyOrder("WorkQueue", "OperatorQueue");
        assertThat(policyTemplates("WorkerFunction")).containsOnlyKeys("SQSSendMessagePolicy", "SQSPollerPolicy", "Statement");
    }

    @Test
    void shouldGiveTheStatusFunction_noQueuePermissionsAndNoEvents() {
        // given the status function
        JsonNode status = properties("StatusFunction");

        // when reading its policies and events
        // then it is invoked directly, needs no queue access, and may only read its secrets
        assertThat(policyTemplates("StatusFunction")).containsOnlyKeys("Statement");
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
    void shouldLetTheExporterSendFileGroupNotices_andContinueItsExports_throughTheExportQueue() {
        // given the exporter's policies and events
        List<String> sendsTo = new ArrayList<>();
        List<String> pollerOf = new ArrayList<>();
        for (JsonNode policy : properties("ExporterFunction").path("Policies")) {
            if (policy.has("SQSSendMessagePolicy")) {
                sendsTo.add(queueNameOf(policy.path("SQSSendMessagePolicy")));
            }
            if (policy.has("SQSPollerPolicy")) {
                pollerOf.add(queueNameOf(policy.path("SQSPollerPolicy")));
            }
        }
        List<JsonNode> sqsEvents = eventsOfType(properties("ExporterFunction").path("Events"), "SQS");

        // then it sends file-group notices and its own continuations, and consumes only those, one at a time
        assertThat(policyTemplates("ExporterFunction")).containsOnlyKeys("SQSSendMessagePolicy", "SQSPollerPolicy",
                "S3CrudPolicy", "Statement");
        assertThat(sendsTo).containsExactlyInAnyOrder("FileGroupQueue", "ExportQueue");
        assertThat(pollerOf).containsExactly("ExportQueue");
        assertThat(effectiveEnvironment("ExporterFunction").get("FERRY_BLOCKS_FILE_GROUP_QUEUE_URL").path("Ref").asText())
                .isEqualTo("FileGroupQueue");
        assertThat(effectiveEnvironment("ExporterFunction").get("FERRY_BLOCKS_EXPORT_QUEUE_URL").path("Ref").asText())
                .isEqualTo("ExportQueue");
        assertThat(sqsEvents).hasSize(1);
        assertThat(sqsEvents.get(0).path("Properties").path("Queue").path("Fn::GetAtt").path(0).asText())
                .isEqualTo("ExportQueue");
        assertThat(sqsEvents.get(0).path("Properties").path("BatchSize").asInt()).isEqualTo(1);
        // and a continuation that fails on every delivery ends in a dead-letter queue that outlasts the exporter's timeout
        JsonNode queue = properties("ExportQueue");
        assertThat(queue.path("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * 900);
        assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt").path(0).asText())
                .isEqualTo("ExportDeadLetterQueue");
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
        assertThat(policies).containsOnlyKeys("SQSPollerPolicy", "S3CrudPolicy", "Statement");
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

    private static void assertAlarm(JsonNode alarm, String namespace, String metric, String watched) {
        assertThat(alarm.path("Namespace").asText()).as(metric).isEqualTo(namespace);
        assertThat(alarm.path("MetricName").asText()).isEqualTo(metric);
        JsonNode value = alarm.path("Dimensions").path(0).path("Value");
        String target = value.has("Ref") ? value.path("Ref").asText() : value.path("Fn::GetAtt").path(0).asText();
        assertThat(target).as(metric).isEqualTo(watched);
    }

    /** Every parameter named by a Ref inside {@code node} (intrinsic functions included), AWS pseudo parameters left out. */
    private static void collectRefs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals("Ref") && entry.getValue().isTextual()) {
                    if (!entry.getValue().asText().startsWith("AWS::")) {
                        into.add(entry.getValue().asText());
                    }
                } else {
                    collectRefs(entry.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, into));
        }
    }

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
