package dev.ferry.domain.sync;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * Where a change pass stands for one data type: its window and the composite position
 * {@code (updatedAt, primary key)} of the last row written. The remote serves rows with
 * {@code from <= updatedAt < until} and {@code (updatedAt, key) > (afterUpdatedAt, afterKey)}, ordered by
 * {@code (updatedAt, key)}: rows sharing a timestamp are told apart by their key, so a page boundary
 * inside a group of equal timestamps neither skips nor repeats a row. Ferry builds this cursor from the
 * rows it wrote; the remote's own cursor is not used for change pages.
 *
 * @param phase          which feed is being read
 * @param from           inclusive lower bound of the window; null on the first pass (from the beginning)
 * @param until          exclusive upper bound of the window; null for none (Ferry's passes read up to
 *                       the present: see {@code Passes} for why)
 * @param afterUpdatedAt the last row's time; null before the phase's first row (then {@code afterKey} is null too)
 * @param afterKey       the last row's primary key
 */
public record ChangeCursor(ChangePhase phase, LocalDateTime from, LocalDateTime until, LocalDateTime afterUpdatedAt,
                           RowKey afterKey) {
    private static final String PREFIX = "chg1";

    public ChangeCursor {
        Objects.requireNonNull(phase, "phase");
        if ((afterUpdatedAt == null) != (afterKey == null)) {
            throw new IllegalArgumentException("afterUpdatedAt and afterKey go together");
        }
        if (from != null && until != null && !from.isBefore(until)) {
            from = until;
        }
    }

    /** The start of a pass over {@code [from, until)}: changed rows first. */
    public static ChangeCursor start(LocalDateTime from, LocalDateTime until) {
        return new ChangeCursor(ChangePhase.CHANGES, from, until, null, null);
    }

    /** The position after a row: the last row written of this phase. */
    public ChangeCursor after(LocalDateTime updatedAt, RowKey key) {
        return new ChangeCursor(phase, from, until, Objects.requireNonNull(updatedAt), Objects.requireNonNull(key));
    }

    /** The same window, at the start of {@code phase}'s feed. */
    public ChangeCursor startOf(ChangePhase phase) {
        return new ChangeCursor(phase, from, until, null, null);
    }

    /** Whether a row at {@code (updatedAt, key)} lies past this position (the remote must only send such rows). */
    public boolean isBefore(LocalDateTime updatedAt, RowKey key) {
        if (afterUpdatedAt == null) {
            return true;
        }
        int byTime = afterUpdatedAt.compareTo(updatedAt);
        return byTime < 0 || (byTime == 0 && afterKey.compareTo(key) < 0);
    }

    /** Whether {@code updatedAt} lies in the window. */
    public boolean inWindow(LocalDateTime updatedAt) {
        return (from == null || !updatedAt.isBefore(from)) && (until == null || updatedAt.isBefore(until));
    }

    /** As a job cursor: {@code chg1|PHASE|from|until|afterUpdatedAt|afterKey}, empty for null. */
    public Cursor toCursor() {
        return Cursor.ofString(String.join("|", PREFIX, phase.name(), text(from), text(until),
                text(afterUpdatedAt), afterKey == null ? "" : afterKey.encode()));
    }

    /** Reverses {@link #toCursor()}; a cursor in any other form is INTERNAL (a job of the wrong kind). */
    public static ChangeCursor of(DataType dataType, Cursor cursor) {
        String[] parts = cursor == null ? new String[0] : cursor.value().split("\\|", -1);
        if (parts.length != 6 || !PREFIX.equals(parts[0])) {
            throw new FerryException(ErrorCode.INTERNAL, dataType.name() + ": job cursor is not a change cursor");
        }
        try {
            return new ChangeCursor(ChangePhase.valueOf(parts[1]), time(parts[2]), time(parts[3]),
                    time(parts[4]), parts[5].isEmpty() ? null : RowKey.decode(dataType, parts[5]));
        } catch (RuntimeException e) {
            throw new FerryException(ErrorCode.INTERNAL, dataType.name() + ": malformed change cursor");
        }
    }

    private static String text(LocalDateTime t) {
        return t == null ? "" : t.toString();
    }

    private static LocalDateTime time(String text) {
        return text.isEmpty() ? null : LocalDateTime.parse(text);
    }
}
