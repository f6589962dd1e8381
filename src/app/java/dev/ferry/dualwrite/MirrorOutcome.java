package dev.ferry.dualwrite;

/** What {@link DualWriter#write(Write)} did with the mirror once the primary write succeeded. */
public enum MirrorOutcome {
    /** The mirror write succeeded (sequential mode). */
    MIRRORED,
    /** The mirror write failed and the failure is in the failure log, pending repair. */
    MIRROR_FAILED_RECORDED,
    /** The mirror write was handed to the executor (asynchronous mode); its failure will be recorded there. */
    MIRROR_SCHEDULED
}
