package dev.ferry.domain.plan;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;

/**
 * The optional change-feed extension of the remote contract for one data type: the remote can list
 * the rows changed within a time window, ordered by {@code (updatedAt, primary key)}, and, when
 * {@code deletions} is set, the primary keys deleted within a window (its tombstones). A data type
 * without a change feed is copied in full on every pass, and deletions reach it only through
 * verification with repair.
 *
 * @param updatedAt the column holding the row's last change time (UTC, set by the source on every
 *                  insert and update); must be a DATETIME or TIMESTAMP column of the data type
 * @param deletions whether the remote serves the deletions feed for this data type
 */
public record ChangeFeed(String updatedAt, boolean deletions) {
    public ChangeFeed {
        Identifiers.requireSqlName("changeFeed.updatedAt", updatedAt);
    }

    /** The {@code updatedAt} column's position in the data type's columns, checked to be a date-time. */
    public int indexIn(String dataType, java.util.List<Column> columns) {
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.name().equalsIgnoreCase(updatedAt)) {
                if (c.type() != ColumnType.DATETIME && c.type() != ColumnType.TIMESTAMP) {
                    throw new FerryException(ErrorCode.INVALID_PLAN, dataType + ": change feed column "
                            + updatedAt + " must be DATETIME or TIMESTAMP");
                }
                if (c.nullable()) {
                    throw new FerryException(ErrorCode.INVALID_PLAN, dataType + ": change feed column "
                            + updatedAt + " must not be nullable");
                }
                return i;
            }
        }
        throw new FerryException(ErrorCode.INVALID_PLAN, dataType + ": change feed column " + updatedAt
                + " is not a column");
    }
}
