package dev.ferry.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.ferry.local.LocalEnvironment;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The tracker function through the mock Lambda event server, with a real EventBridge scheduled event. */
@QuarkusTest
@TestProfile(TrackerHandlerTest.TrackerFunction.class)
@WithTestResource(FerryTestEnvironment.class)
@IntegrationTest
class TrackerHandlerTest {
    LocalEnvironment environment;

    @Inject
    SqsClient sqs;

    /** Selects the tracker handler, as QUARKUS_LAMBDA_HANDLER does in template.yaml. */
    public static class TrackerFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "tracker");
        }
    }

    @Test
    void shouldEnqueueInstallationListing_onScheduledEvent() {
        // given an EventBridge scheduled event
        String event = Fixtures.event("eventbridge-scheduled.json");

        // when the tracker function is invoked
        given().contentType("application/json").accept("application/json").body(event)
                .when().post()
                .then().statusCode(200).body(containsString("tick enqueued"));

        // then exactly one listing step waits on the work queue
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(environment.queues().queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("{\"v\":1,\"type\":\"list\"}");
    }
}
