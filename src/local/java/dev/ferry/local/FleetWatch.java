package dev.ferry.local;

import dev.ferry.app.StatusReport;
import dev.ferry.domain.error.FerryException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls the fleet's status for the local run's progress display until it is finished or time is up. The
 * status lists the installations from the remote as the tracker does: a listing that fails after the
 * remote adapter's own retries is shown and polled again when retryable (a remote restarting, a hang),
 * and ends the watch when permanent (a 401, a broken listing), never with an exception.
 */
final class FleetWatch {
    /**
     * @param fleet          the last fleet listed (empty, with the reason as its listing problem, if none was)
     * @param listingFailure why the watch stopped on a permanent listing failure; null otherwise
     */
    record Outcome(StatusReport.Fleet fleet, String listingFailure) {
    }

    private final Supplier<StatusReport.Fleet> status;
    private final ProgressDisplay progress;
    private final Duration interval;
    private final Duration timeout;

    FleetWatch(Supplier<StatusReport.Fleet> status, ProgressDisplay progress, Duration interval, Duration timeout) {
        this.status = status;
        this.progress = progress;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Polls every interval until {@code finished} holds for a listed fleet, a permanent failure, or the timeout. */
    Outcome until(Predicate<StatusReport.Fleet> finished) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StatusReport.Fleet fleet = null;
        String lastFailure = null;
        do {
            Thread.sleep(interval.toMillis());
            try {
                fleet = status.get();
                lastFailure = null;
                progress.show(fleet);
            } catch (FerryException e) {
                lastFailure = e.getMessage();
                progress.showListingFailure(e.getMessage(), e.retryable());
                if (!e.retryable()) {
                    return new Outcome(fleet == null ? StatusReport.Fleet.unlisted(lastFailure) : fleet, lastFailure);
                }
            }
        } while ((fleet == null || !finished.test(fleet)) && System.nanoTime() < deadline);
        if (fleet == null) {
            fleet = StatusReport.Fleet.unlisted(lastFailure == null ? "the installations could not be listed" : lastFailure);
        }
        return new Outcome(fleet, null);
    }
}
