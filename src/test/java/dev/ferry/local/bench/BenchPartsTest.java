package dev.ferry.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.NarrowRows;
import dev.ferry.local.sample.SampleSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPartsTest {

    @Test
    void shouldReadTheCursor_fromTheEndOfAPage() {
        assertThat(RemoteAlone.afterId(page("{\"data\":[[1]],\"pagination\":{\"afterId\":123456}}"))).isEqualTo("123456");
        assertThat(RemoteAlone.afterId(page("{\"data\":[],\"pagination\":{\"afterId\":\"WzEsImEiXQ\"}}"))).isEqualTo("WzEsImEiXQ");
        assertThat(RemoteAlone.afterId(page("{\"data\":[],\"pagination\":{\"afterId\":null}}"))).isNull();
    }

    @Test
    void shouldGenerateNarrowRows_theSameEveryTime_inKeyOrder_ofAbout120Bytes() {
        List<List<Object>> first = drain(NarrowRows.rows(7, 100, 2_000));
        List<List<Object>> again = drain(NarrowRows.rows(7, 100, 2_000));

        assertThat(first).hasSize(2_000).isEqualTo(again);
        assertThat(first.get(0).get(0)).isEqualTo(100L);
        assertThat(first.get(1_999).get(0)).isEqualTo(2_099L);
        assertThat(first.get(0)).hasSize(SampleSchema.EVENTS.columns().size());
        double bytes = first.stream().mapToLong(Ceiling::estimate).average().orElseThrow();
        assertThat(bytes).isBetween(80.0, 160.0);
    }

    @Test
    void shouldServeEveryDataTypeOfTheBenchPlan_withTheSampleSourcesColumns_inPagesOf500() {
        MigrationPlan plan = PlanLoader.load("bench/plan.yaml");

        assertThat(plan.dataTypes()).extracting(DataType::name)
                .containsExactly("projects", "issues", "attachments", "issue_watchers", "events");
        for (DataType dataType : plan.dataTypes()) {
            assertThat(dataType.columnNames()).as(dataType.name())
                    .isEqualTo(SampleSchema.table(dataType.name()).columnNames());
            assertThat(dataType.remotePath()).isEqualTo(SampleSchema.table(dataType.name()).remotePath());
            assertThat(dataType.pageSize()).isEqualTo(SeedLoop.PAGE);
        }
    }

    private static byte[] page(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static List<List<Object>> drain(Iterator<List<Object>> rows) {
        List<List<Object>> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        return all;
    }
}
