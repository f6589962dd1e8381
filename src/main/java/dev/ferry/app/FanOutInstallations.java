package dev.ferry.app;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkQueue;
import java.util.List;

/**
 * One listing step: reads a page of installations, sends a track message for each, then the step
 * for the next page, carrying the listing's position so a listing that loops ends
 * ({@link ListingGuard}). Replaying a step re-sends track messages, which the tracker tolerates.
 */
public final class FanOutInstallations {
    private final InstallationDirectory directory;
    private final WorkQueue queue;
    private final int pageSize;
    private final ListingGuard guard;

    public FanOutInstallations(InstallationDirectory directory, WorkQueue queue, int pageSize) {
        this(directory, queue, pageSize, new ListingGuard(ListingGuard.DEFAULT_MAX_PAGES));
    }

    public FanOutInstallations(InstallationDirectory directory, WorkQueue queue, int pageSize, ListingGuard guard) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.directory = directory;
        this.queue = queue;
        this.pageSize = pageSize;
        this.guard = guard;
    }

    /**
     * @return how many installations this step fanned out
     * @throws dev.ferry.domain.error.FerryException CURSOR_NOT_ADVANCING when the listing loops (nothing sent)
     */
    public int step(ListInstallations message) {
        InstallationDirectory.Batch batch = directory.list(message.after(), pageSize);
        ListingGuard.Step step = guard.check(new ListingGuard.Position(message.page(), message.mark()), message.after(),
                batch);
        List<WorkMessage> tracks = step.installations().stream()
                .<WorkMessage>map(WorkMessage.Track::new)
                .toList();
        queue.sendAll(tracks);
        if (batch.next() != null && !step.installations().isEmpty()) {
            queue.send(new ListInstallations(batch.next(), step.position().page(), step.position().mark()));
        }
        return tracks.size();
    }
}
