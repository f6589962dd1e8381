package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkMessage.TrackInstallation;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import org.junit.jupiter.api.Test;

class FanOutInstallationsTest {

    @Test
    void shouldKeepTheTickToOneMessage_andSpreadTenThousandInstallationsOverListingSteps() {
        // given 10,000 installations
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
        for (int i = 0; i < 10_000; i++) {
            ferry.remote.installation(String.format("tenant-%05d", i), InstallationStatus.PENDING);
        }
        FanOutInstallations fanOut = new FanOutInstallations(ferry.remote, ferry.queue, 500);

        // when the tick runs
        new Tick(ferry.queue).run();

        // then it sent exactly one message
        assertThat(ferry.queue.sent()).containsExactly(new ListInstallations(null));

        // when every listing step is delivered
        int steps = 0;
        WorkMessage message;
        while ((message = ferry.queue.poll()) != null) {
            if (message instanceof ListInstallations list) {
                assertThat(fanOut.step(list)).isLessThanOrEqualTo(500);
                steps++;
            }
        }

        // then each installation got exactly one track message, in 20 bounded steps
        assertThat(steps).isEqualTo(20);
        assertThat(ferry.queue.sent(TrackInstallation.class)).hasSize(10_000).doesNotHaveDuplicates();
    }
}
