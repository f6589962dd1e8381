package dev.ferry.dualwrite;

/**
 * The outcome of one {@link MirrorRepair#repairBatch(int)}.
 *
 * @param examined pending entries read
 * @param repaired entries whose row now matches the primary and that were deleted from the log
 * @param failed entries kept pending with attempts + 1 (a side failed, the key text was unreadable, or the
 *     row changed on the primary during repair)
 * @param superseded entries whose row was copied but which were recorded again meanwhile, so they stay
 *     pending for the next run
 */
public record RepairReport(int examined, int repaired, int failed, int superseded) {

    /** Whether the batch was smaller than asked, i.e. the log had no more entries when it was read. */
    public boolean exhausted(int limit) {
        return examined < limit;
    }
}
