package dev.ferry.domain.flow;

/**
 * "Every Event File of {@code label} is exported for this movement": what importers are told.
 *
 * @param fileList the File List of the label (every file of the stream with that label, including
 *                 files of earlier movements) in the store, relative to the stream
 * @param files    entries in that File List
 */
public record FileGroupEvent(int version, String flowId, String movementId, String streamId, String label,
                             String fileList, int files) {
    public static final int VERSION = 1;
}
