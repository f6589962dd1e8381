package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.adapter.metrics.EmfWriter;
import dev.ferry.adapter.metrics.FerryMetrics;
import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Returns the migration status as JSON: one installation if named, else the fleet. Each report is also
 * written as metrics: installations by state (fleet reports) and replication lag (installations in sync),
 * so a scheduled status call keeps the dashboard's gauges current.
 */
@ApplicationScoped
@Named("status")
public class StatusHandler implements RequestHandler<StatusRequest, Object> {
    private static final Logger LOG = Logger.getLogger(StatusHandler.class);
    static final String FUNCTION = "status";

    @Inject
    StatusReport report;

    @Inject
    EmfWriter metrics;

    @Override
    public Object handleRequest(StatusRequest request, Context context) {
        try {
            MDC.put("requestId", context.getAwsRequestId());
            if (request != null && request.installationId() != null) {
                MDC.put("installation", request.installationId());
                StatusReport.InstallationState state = report.installation(InstallationId.of(request.installationId()));
                LOG.infof("status installation=%s request=%s: %s", state.installation(), context.getAwsRequestId(), state.status());
                reportLag(metrics, state, context.getAwsRequestId());
                return state;
            }
            StatusReport.Fleet fleet = report.fleet();
            LOG.infof("status fleet request=%s: %d installations, counts %s", context.getAwsRequestId(),
                    fleet.installations().size(), fleet.counts());
            reportFleet(metrics, fleet, context.getAwsRequestId());
            return fleet;
        } finally {
            LogIds.clear();
        }
    }

    /** {@code InstallationsByState} per state (unknown ones as UNKNOWN), and each installation's lag. */
    static void reportFleet(EmfWriter metrics, StatusReport.Fleet fleet, String request) {
        for (Map.Entry<?, Integer> count : fleet.counts().entrySet()) {
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).dimension(FerryMetrics.STATE, String.valueOf(count.getKey()))
                    .count(FerryMetrics.INSTALLATIONS_BY_STATE, count.getValue()).property("requestId", request).write();
        }
        if (fleet.unknown() > 0) {
            metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION).dimension(FerryMetrics.STATE, "UNKNOWN")
                    .count(FerryMetrics.INSTALLATIONS_BY_STATE, fleet.unknown()).property("requestId", request).write();
        }
        fleet.installations().forEach(state -> reportLag(metrics, state, request));
    }

    /** {@code ReplicationLag} (seconds) of an installation whose sync has completed a pass. */
    static void reportLag(EmfWriter metrics, StatusReport.InstallationState state, String request) {
        if (state.sync() == null || state.sync().lagSeconds() == null) {
            return;
        }
        metrics.document().dimension(FerryMetrics.FUNCTION, FUNCTION)
                .metric(FerryMetrics.REPLICATION_LAG, state.sync().lagSeconds(), EmfWriter.Unit.Seconds)
                .property("installation", state.installation()).property("requestId", request).write();
    }
}
