package dev.ferry.deploy;

import static dev.ferry.deploy.SamTemplate.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the deployment template offline: secrets by ARN only, and each function's permissions. */
class SamTemplateSecurityTest {

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
        assertThat(template().path("Parameters").path("RemoteTokenAlgorithm").path("AllowedValues"))
                .containsExactly(text("HS256"), text("RS256"));
        assertThat(effectiveEnvironment("WorkerFunction").get("FERRY_REMOTE_TOKEN_ALGORITHM").path("Ref").asText())
                .isEqualTo("RemoteTokenAlgorithm");
        assertThat(effectiveEnvironment("WorkerFunction").get("FERRY_REMOTE_TOKEN_KEY_ID").toString()).contains("RemoteTokenKeyId");
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
}
