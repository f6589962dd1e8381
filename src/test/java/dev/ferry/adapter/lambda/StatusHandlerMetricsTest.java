package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.metrics.EmfWriter;
import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.InMemoryRemote;
import dev.ferry.testing.SamplePlans;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The status function's metrics: installations by state for the fleet, and replication lag. */
class StatusHandlerMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final EmfWriter metrics = new EmfWriter(lines::add, Clock.systemUTC(), JSON);

    private List<JsonNode> documents(String metric) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : lines) {
            JsonNode doc = JSON.readTree(line);
            if (doc.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").path(0).path("Name").asText().equals(metric)) {
                found.add(doc);
            }
        }
        return found;
    }

    @Test
    void shouldCountInstallationsByState_whenTheFleetIsReported() throws Exception {
        // given three installations at the remote: two tracked by Ferry (one in progress, one done), one not yet
        InMemoryJobStore store = new InMemoryJobStore();
        InMemoryRemote remote = new InMemoryRemote().installation("a", InstallationStatus.READY)
                .installation("b", InstallationStatus.READY).installation("c", InstallationStatus.READY);
        store.initTracking(InstallationId.of("a"), InstallationStatus.IN_PROGRESS, Instant.now());
        store.initTracking(InstallationId.of("b"), InstallationStatus.DONE, Instant.now());
        StatusHandler handler = new StatusHandler();
        handler.report = new StatusReport(SamplePlans.plan(MigrationMode.FAN_OUT), store, remote);
        handler.metrics = metrics;

        // when the status function reports the fleet
        handler.handleRequest(null, TestWorker.context());

        // then one InstallationsByState document per state, State a dimension, the count its value
        Map<String, Long> byState = new TreeMap<>();
        for (JsonNode doc : documents("InstallationsByState")) {
            assertThat(doc.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").path(0).toString())
                    .isEqualTo("[\"Function\",\"State\"]");
            assertThat(doc.path("Function").asText()).isEqualTo("status");
            byState.merge(doc.path("State").asText(), doc.path("InstallationsByState").asLong(), Long::sum);
        }
        assertThat(byState).containsEntry("IN_PROGRESS", 1L).containsEntry("DONE", 1L).containsEntry("UNKNOWN", 1L);
        assertThat(byState.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }

    @Test
    void shouldWriteTheReplicationLagInSeconds_withTheInstallationAsAProperty() throws Exception {
        // given an installation in sync whose newest complete pass began 42 s ago, and one without a pass yet
        StatusReport.InstallationState synced = new StatusReport.InstallationState("acme", InstallationStatus.DONE, 10,
                List.of(), List.of(), false, new StatusReport.SyncState(3, "SOURCE", "2026-01-01T00:00:00Z", 42L, 0, null, null));
        StatusReport.InstallationState copying = new StatusReport.InstallationState("beta", InstallationStatus.IN_PROGRESS, 10,
                List.of(), List.of(), false, new StatusReport.SyncState(1, "SOURCE", null, null, 0, null, null));

        // when their status is reported
        StatusHandler.reportLag(metrics, synced, "r-1");
        StatusHandler.reportLag(metrics, copying, "r-2");

        // then only the synced one has a lag, in seconds, without an installation dimension
        List<JsonNode> lag = documents("ReplicationLag");
        assertThat(lag).hasSize(1);
        JsonNode doc = lag.get(0);
        assertThat(doc.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").path(0).path("Unit").asText())
                .isEqualTo("Seconds");
        assertThat(doc.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").path(0).toString())
                .isEqualTo("[\"Function\"]");
        assertThat(doc.path("ReplicationLag").asLong()).isEqualTo(42);
        assertThat(doc.path("installation").asText()).isEqualTo("acme");
    }
}
