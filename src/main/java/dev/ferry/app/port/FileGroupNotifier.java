package dev.ferry.app.port;

import dev.ferry.domain.flow.FileGroupEvent;

/** Tells importers that every Event File of a File Group Label is exported for a movement (SQS in the cloud). */
public interface FileGroupNotifier {
    void groupComplete(FileGroupEvent event);
}
