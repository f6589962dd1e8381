package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/** Returns the migration status as JSON: one installation if named, else the fleet. */
@ApplicationScoped
@Named("status")
public class StatusHandler implements RequestHandler<StatusRequest, Object> {
    private static final Logger LOG = Logger.getLogger(StatusHandler.class);

    @Inject
    StatusReport report;

    @Override
    public Object handleRequest(StatusRequest request, Context context) {
        if (request != null && request.installationId() != null) {
            StatusReport.InstallationState state = report.installation(InstallationId.of(request.installationId()));
            LOG.infof("status installation=%s request=%s: %s", state.installation(), context.getAwsRequestId(), state.status());
            return state;
        }
        StatusReport.Fleet fleet = report.fleet();
        LOG.infof("status fleet request=%s: %d installations, counts %s", context.getAwsRequestId(),
                fleet.installations().size(), fleet.counts());
        return fleet;
    }
}
