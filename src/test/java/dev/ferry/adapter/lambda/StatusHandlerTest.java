package dev.ferry.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status function through the mock Lambda event server. */
@QuarkusTest
@TestProfile(StatusHandlerTest.StatusFunction.class)
@WithTestResource(FerryTestEnvironment.class)
@IntegrationTest
class StatusHandlerTest {

    /** Selects the status handler, as QUARKUS_LAMBDA_HANDLER does in template.yaml. */
    public static class StatusFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "status");
        }
    }

    @Test
    void shouldListEveryInstallationOfTheRemote_whenAskedForTheFleet() {
        given().contentType("application/json").accept("application/json").body("{}")
                .when().post()
                .then().statusCode(200)
                .body("installations.installation", hasItems("e2e-large", "e2e-medium", "e2e-small"))
                .body("unknown", equalTo(3));
    }

    @Test
    void shouldReportOneInstallation_whenNamed() {
        given().contentType("application/json").accept("application/json").body("{\"installationId\":\"e2e-small\"}")
                .when().post()
                .then().statusCode(200)
                .body("installation", equalTo("e2e-small"));
    }
}
