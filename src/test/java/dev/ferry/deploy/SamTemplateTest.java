package dev.ferry.deploy;

import static dev.ferry.deploy.SamTemplate.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployment template (template.yaml) offline — the functions, their code, handlers, queues and
 * event sources: the SAM CLI is not available in the build environment, so the properties the functions
 * depend on at run time are asserted here.
 */
class SamTemplateTest {

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
        JsonNode parameter = template().path("Parameters").path("RemoteBaseUrl");

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
        assertThat(template().path("Parameters").path("TrackerSchedule").path("Default").asText())
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
                int value = template().path("Parameters").path(parameter).path("Default").asInt();
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
}
