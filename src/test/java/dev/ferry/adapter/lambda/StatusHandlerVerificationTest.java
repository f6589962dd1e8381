package dev.ferry.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.ferry.app.VerifyInstallation;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The status function's JSON carries verification results and the decommission verdict. */
@QuarkusTest
@TestProfile(StatusHandlerTest.StatusFunction.class)
@WithTestResource(FerryTestEnvironment.class)
@IntegrationTest
class StatusHandlerVerificationTest {
    @Inject
    VerifyInstallation verification;

    @Test
    void shouldReportVerificationPerDataType_andThatTheRemoteCannotBeDecommissionedYet() {
        // given an installation not migrated yet, verified: every source row is missing at the destination
        verification.verify(InstallationId.of("e2e-small"));

        // when the status function is asked for the fleet
        given().contentType("application/json").accept("application/json").body("{}")
                .when().post()
                .then().statusCode(200)
                // then the installation's projects show the verification and its missing rows
                .body("installations.find { it.installation == 'e2e-small' }.dataTypes.find { it.dataType == 'projects' }"
                        + ".verification.missing", equalTo(FerryTestEnvironment.DATA.installation("e2e-small").projects()))
                .body("installations.find { it.installation == 'e2e-small' }.dataTypes.find { it.dataType == 'projects' }"
                        + ".verification.missingKeys[0]", startsWith("["))
                .body("installations.find { it.installation == 'e2e-small' }.verified", equalTo(false))
                // and the remote database cannot be decommissioned
                .body("decommissionReady", equalTo(false))
                .body("decommission", startsWith("not ready: 3 of 3 installations not DONE"));
    }
}
