package dev.ferry.dualwrite;

/** What a {@link Write} does to its row. */
public enum Operation {
    /** Insert the row, or update its columns when a row with the same primary key exists. */
    UPSERT,
    /** Delete the row with the primary key; deleting a missing row is not an error. */
    DELETE
}
