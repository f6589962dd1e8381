package dev.ferry.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.app.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/** The scheduled tracker: each tick enqueues the first installation-listing step and returns. */
@ApplicationScoped
@Named("tracker")
public class TrackerHandler implements RequestHandler<ScheduledTick, String> {
    private static final Logger LOG = Logger.getLogger(TrackerHandler.class);

    @Inject
    Tick tick;

    @Override
    public String handleRequest(ScheduledTick event, Context context) {
        tick.run();
        LOG.infof("tracker tick event=%s time=%s request=%s: enqueued installation listing",
                event == null ? "-" : event.id(), event == null ? "-" : event.time(), context.getAwsRequestId());
        return "tick enqueued";
    }
}
