package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.adapter.metrics.EmfWriter;
import dev.ferry.adapter.metrics.FerryMetrics;
import dev.ferry.app.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** The scheduled tracker: each tick enqueues the first installation-listing step and returns. */
@ApplicationScoped
@Named("tracker")
public class TrackerHandler implements RequestHandler<ScheduledTick, String> {
    private static final Logger LOG = Logger.getLogger(TrackerHandler.class);

    @Inject
    Tick tick;

    @Inject
    EmfWriter metrics;

    @Override
    public String handleRequest(ScheduledTick event, Context context) {
        try {
            MDC.put("requestId", context.getAwsRequestId());
            MDC.put("step", "tick");
            tick.run();
            LOG.infof("tracker tick event=%s time=%s request=%s: enqueued installation listing",
                    event == null ? "-" : event.id(), event == null ? "-" : event.time(), context.getAwsRequestId());
            metrics.document().dimension(FerryMetrics.FUNCTION, "tracker").count(FerryMetrics.TRACKER_TICKS, 1)
                    .property("requestId", context.getAwsRequestId()).write();
            return "tick enqueued";
        } finally {
            LogIds.clear();
        }
    }
}
