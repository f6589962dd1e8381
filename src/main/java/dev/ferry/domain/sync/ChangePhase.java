package dev.ferry.domain.sync;

/** Which feed a change pass is reading for a data type: changed rows first, then deletions. */
public enum ChangePhase {
    CHANGES, DELETIONS
}
