package dev.ferry.domain.eventfile;

/** Whether an Event File holds every row of its data type (a snapshot) or only changes since the previous export (a diff). */
public enum EventFileKind {
    SNAPSHOT,
    DIFF
}
