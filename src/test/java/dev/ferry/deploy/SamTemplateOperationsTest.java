package dev.ferry.deploy;

import static dev.ferry.deploy.SamTemplate.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the deployment template offline: alarms, log groups and the dashboard. */
class SamTemplateOperationsTest {

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
        assertThat(template().path("Parameters").path("AlarmTopicArn").path("Default").asText()).isEmpty();
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
        assertThat(template().path("Parameters").path("LogRetentionDays").path("Default").asInt()).isEqualTo(30);
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
}
