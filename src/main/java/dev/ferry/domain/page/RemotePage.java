package dev.ferry.domain.page;

import java.util.List;

/**
 * One page exactly as the remote returned it, already decoded from JSON into plain Java values:
 * null, Boolean, String, BigDecimal (every JSON number, so nothing is rounded), or {@link JsonText}
 * for nested objects and arrays.
 *
 * @param headers column names in the order of each row's values
 * @param data    rows as lists of values
 * @param next    the {@code afterId} to ask for the next page, or null when the remote says there is none
 */
public record RemotePage(List<String> headers, List<List<Object>> data, Cursor next) {
    public RemotePage {
        headers = headers == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(headers));
        data = data == null ? List.of() : data;
    }

    /** The seed's rule: a data type is finished when a page has no rows or no next cursor. */
    public boolean isLast() {
        return data.isEmpty() || next == null;
    }
}
