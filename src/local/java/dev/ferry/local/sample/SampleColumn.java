package dev.ferry.local.sample;

/** One migrated column of a sample table: its name, value kind and whether it may be null. */
public record SampleColumn(String name, ColumnKind kind, boolean nullable) {

    static SampleColumn required(String name, ColumnKind kind) {
        return new SampleColumn(name, kind, false);
    }

    static SampleColumn optional(String name, ColumnKind kind) {
        return new SampleColumn(name, kind, true);
    }
}
