package dev.ferry.deploy;

import static dev.ferry.deploy.SamTemplate.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the deployment template offline: the building blocks' bucket, queues and functions. */
class SamTemplateBlocksTest {

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
}
