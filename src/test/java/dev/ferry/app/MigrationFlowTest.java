package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole core flow on fakes: tick, fan-out, tracking, budgeted jobs with continuations, completion. */
class MigrationFlowTest {

    @ParameterizedTest
    @EnumSource(MigrationMode.class)
    void shouldMigrateEveryInstallationToDone_withSeveralContinuationsPerDataType(MigrationMode mode) {
        // given three installations of different sizes, all READY
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(mode));
        int[] sizes = {40, 17, 3};
        for (int i = 0; i < sizes.length; i++) {
            String id = "inst" + i;
            ferry.remote.installation(id, InstallationStatus.READY)
                    .rows(id, SamplePlans.USERS, SamplePlans.users(sizes[i]))
                    .rows(id, SamplePlans.ORDERS, SamplePlans.orders(sizes[i] * 2))
                    .rows(id, SamplePlans.TAGS, SamplePlans.tags(sizes[i] + 5));
        }

        // when ticks run until everything settles, with a budget of two pages per invocation
        for (int tick = 0; tick < 4; tick++) {
            new Tick(ferry.queue).run();
            ferry.deliverAll(ferry.pagesPerInvocation(2), 10_000);
        }

        // then every installation is DONE, told to the remote, and equal to the source
        for (int i = 0; i < sizes.length; i++) {
            InstallationId id = InstallationId.of("inst" + i);
            assertThat(ferry.store.trackingStatus(id)).contains(InstallationStatus.DONE);
            for (DataType type : ferry.plan.dataTypes()) {
                assertThat(ferry.sink.rows(id.value(), type.table())).as(id + " " + type.name())
                        .containsExactlyElementsOf(expected(ferry, id, type));
            }
        }
        assertThat(ferry.remote.statusWrites()).contains("inst0=DONE", "inst1=DONE", "inst2=DONE");
        long continuations = ferry.queue.sent(TransferJob.class).stream().filter(t -> t.job().seq() > 0).count();
        assertThat(continuations).isGreaterThan(20);
    }

    private static List<Row> expected(CoreHarness ferry, InstallationId id, DataType type) {
        RemotePage all = ferry.remote.fetchPage(id, type, null, 10_000);
        return PageConverter.convert(type, all);
    }
}
