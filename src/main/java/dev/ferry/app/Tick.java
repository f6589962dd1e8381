package dev.ferry.app;

import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.app.port.WorkQueue;

/**
 * The scheduled tick: enqueues the first listing step and returns. Walking the installations
 * happens on the queue, a page per message, so a tick stays fast with any number of installations.
 */
public final class Tick {
    private final WorkQueue queue;

    public Tick(WorkQueue queue) {
        this.queue = queue;
    }

    public void run() {
        queue.send(new ListInstallations(null));
    }
}
