package dev.ferry.app;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkMessage.TrackInstallation;
import dev.ferry.app.port.WorkQueue;
import java.util.List;

/**
 * One listing step: reads a page of installations, sends a track message for each, then the step
 * for the next page. Replaying a step re-sends track messages, which the tracker tolerates.
 */
public final class FanOutInstallations {
    private final InstallationDirectory directory;
    private final WorkQueue queue;
    private final int pageSize;

    public FanOutInstallations(InstallationDirectory directory, WorkQueue queue, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.directory = directory;
        this.queue = queue;
        this.pageSize = pageSize;
    }

    /** @return how many installations this step fanned out */
    public int step(ListInstallations message) {
        InstallationDirectory.Batch batch = directory.list(message.after(), pageSize);
        List<WorkMessage> tracks = batch.installations().stream()
                .<WorkMessage>map(TrackInstallation::new)
                .toList();
        queue.sendAll(tracks);
        if (batch.next() != null && !batch.installations().isEmpty()) {
            queue.send(new ListInstallations(batch.next()));
        }
        return tracks.size();
    }
}
