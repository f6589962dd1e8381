package dev.ferry.app.verify;

import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;

/** A destination row reduced to what verification keeps of it: its key and its content hash. */
record KeyHash(RowKey key, RowHash hash) {
    static KeyHash of(DataType dataType, Row row) {
        return new KeyHash(RowKey.of(dataType, row), RowHash.of(row));
    }
}
