package dev.ferry.app;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.app.verify.RunVerification;
import dev.ferry.domain.error.FerryException;
import java.util.function.LongSupplier;

/** Routes one work message to its use case. The worker function's single entry point into the core. */
public final class HandleWorkMessage {
    private final FanOutInstallations fanOut;
    private final TrackInstallation tracker;
    private final RunTransferJob transfer;
    private final RunVerification verification;
    private final Cutover cutover;

    /** Built by {@link FerryCore}: every use case a message can reach. */
    HandleWorkMessage(FanOutInstallations fanOut, TrackInstallation tracker, RunTransferJob transfer,
                      RunVerification verification, Cutover cutover) {
        this.fanOut = java.util.Objects.requireNonNull(fanOut, "fanOut");
        this.tracker = java.util.Objects.requireNonNull(tracker, "tracker");
        this.transfer = java.util.Objects.requireNonNull(transfer, "transfer");
        this.verification = java.util.Objects.requireNonNull(verification, "verification");
        this.cutover = java.util.Objects.requireNonNull(cutover, "cutover");
    }

    /**
     * What one message did.
     *
     * @param summary   a short description for the invocation's log line
     * @param jobFailed whether a job failed permanently (it is FAILED with the reason, and the message done with)
     */
    public record Handled(String summary, boolean jobFailed, Figures figures) {
        public Handled(String summary, boolean jobFailed) {
            this(summary, jobFailed, Figures.NONE);
        }

        public Handled {
            figures = figures == null ? Figures.NONE : figures;
        }
    }

    /**
     * The countable part of what one message did, for the adapters' metrics.
     *
     * @param pages         pages a transfer committed
     * @param rows          rows those pages held
     * @param refusedBy     the error code that stopped a transfer's page (retried later or failed), or null
     * @param trackOutcome  what the tracker saw and did for a tracked installation, or null
     */
    public record Figures(long pages, long rows, String refusedBy, String trackOutcome) {
        public static final Figures NONE = new Figures(0, 0, null, null);
    }

    /**
     * @param deliveryId      unique per delivery (becomes the lease owner of a transfer job)
     * @param remainingMillis the invocation's remaining time
     * @throws dev.ferry.domain.error.FerryException a retryable one when the message should be delivered
     *                                               again; a permanent one when it should be acknowledged
     *                                               having changed nothing (it names an unknown job)
     */
    public Handled handle(WorkMessage message, String deliveryId, LongSupplier remainingMillis) {
        if (message instanceof ListInstallations list) {
            return new Handled("listed " + fanOut.step(list) + " installations", false);
        }
        if (message instanceof WorkMessage.Track track) {
            TrackInstallation.Outcome outcome = tracker.track(track.installation());
            return new Handled("tracked: " + outcome, false, new Figures(0, 0, null, outcome.name()));
        }
        if (message instanceof WorkMessage.Verify verify) {
            return new Handled("verify: " + verification.run(verify, remainingMillis), false);
        }
        if (message instanceof WorkMessage.SwitchPrimary primary) {
            boolean changed = cutover.switchTo(primary.installation(), primary.primary());
            return new Handled("cutover: primary " + primary.primary() + (changed ? "" : " (already)"), false);
        }
        if (message instanceof WorkMessage.RetryFailed retry) {
            int restarted = tracker.retryFailed(retry.installation());
            return new Handled("retry: " + restarted + " FAILED chain" + (restarted == 1 ? "" : "s") + " restarted", false);
        }
        if (message instanceof WorkMessage.Pause pause && pause.paused()) {
            return new Handled("pause: " + (tracker.pause(pause.installation()) ? "paused" : "paused already"), false);
        }
        if (message instanceof WorkMessage.Pause resume) {
            int sent = tracker.resume(resume.installation());
            return new Handled("resume: " + sent + " job" + (sent == 1 ? "" : "s") + " sent", false);
        }
        if (message instanceof WorkMessage.ReverseSync reverse) {
            return new Handled("reverse sync: run " + cutover.startReverseSync(reverse.installation()), false);
        }
        TransferJob job = (TransferJob) message;
        RunTransferJob.Result result = transfer.run(job, deliveryId, remainingMillis);
        if (!result.claimed()) {
            return new Handled(result.waitingUntil() != null
                    ? "transfer: waiting for its next attempt at " + result.waitingUntil() + " (message sent again for then)"
                    : "transfer: not claimed (duplicate or finished)", false);
        }
        var outcome = result.outcome();
        String refusedBy = outcome instanceof dev.ferry.domain.budget.LoopOutcome.Failed f ? f.error().code().name()
                : outcome instanceof dev.ferry.domain.budget.LoopOutcome.Retrying r ? r.error().code().name() : null;
        return new Handled("transfer: " + describe(result),
                outcome instanceof dev.ferry.domain.budget.LoopOutcome.Failed,
                new Figures(outcome.pages(), outcome.rows(), refusedBy, null));
    }


    private static String describe(RunTransferJob.Result result) {
        var outcome = result.outcome();
        String name = outcome.getClass().getSimpleName();
        String error = "";
        if (outcome instanceof dev.ferry.domain.budget.LoopOutcome.Failed f) {
            error = " " + f.error().code() + ": " + f.error().getMessage();
        } else if (outcome instanceof dev.ferry.domain.budget.LoopOutcome.Retrying r) {
            error = " " + r.error().code() + ": " + r.error().getMessage() + "; next attempt at " + r.nextAttemptAt();
        }
        return name + " after " + outcome.pages() + " pages, " + outcome.rows() + " rows" + error;
    }
}
