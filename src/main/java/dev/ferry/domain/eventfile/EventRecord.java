package dev.ferry.domain.eventfile;

import dev.ferry.domain.page.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One data record of an Event File: insert-or-update a whole row, or delete a row by primary key. */
public sealed interface EventRecord {

    /** Insert or update {@code row}, whose values follow the file header's column order. */
    record Upsert(Row row) implements EventRecord {
        public Upsert {
            Objects.requireNonNull(row, "row");
        }
    }

    /** Delete the row whose primary key is {@code key}, values in the header's {@code primaryKeys} order. */
    record Delete(List<Object> key) implements EventRecord {
        public Delete {
            Objects.requireNonNull(key, "key");
            key = Collections.unmodifiableList(new ArrayList<>(key));
        }
    }
}
