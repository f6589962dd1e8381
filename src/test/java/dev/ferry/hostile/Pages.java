package dev.ferry.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds data and listing pages, healthy or bent by a page-level {@link Kind}. */
final class Pages {

    private Pages() {
    }

    /** A table of one data type of one installation, as given to {@link HostileRemote#putData}. */
    record Table(List<String> headers, List<List<Object>> rows) {
    }

    /** Where a request pages from: the page length asked for, capped, and the cursor's offset. */
    record Position(int askedLimit, int limit, int offset, boolean endWithEmptyPage) {
    }

    /**
     * A data page. Healthy: rows {@code [offset, offset + limit)}, {@code afterId} null on the last
     * page (or, with {@code endWithEmptyPage}, always a cursor so the end is an empty page).
     */
    static Reply data(String installationId, String dataType, Table table, Position p, Kind kind, String foreign,
                      long nonce) {
        List<List<Object>> rows = table.rows();
        List<String> headers = table.headers();
        int size = rows.size();
        int limit = p.limit();
        List<List<Object>> page;
        String next;
        String owner = installationId;
        if (kind == Kind.CURSOR_CYCLE) {
            page = wrap(rows, p.offset(), Math.min(limit, size));
            next = Cursors.data(dataType, p.offset() < 2 * limit ? p.offset() + limit : limit, 0);
        } else if (kind == Kind.ENDLESS_CURSOR) {
            page = wrap(rows, 0, Math.min(limit, size));
            next = Cursors.data(dataType, limit, nonce);
        } else if (kind == Kind.PAGE_OVER_LIMIT) {
            int n = p.askedLimit() == Integer.MAX_VALUE ? Integer.MAX_VALUE : p.askedLimit() + 1;
            page = wrap(rows, p.offset(), n);
            int to = Math.min(p.offset() + n, size);
            next = to < size || p.endWithEmptyPage() ? Cursors.data(dataType, to, 0) : null;
        } else {
            int from = Math.min(p.offset(), size);
            int to = Math.min(from + limit, size);
            page = new ArrayList<>(rows.subList(from, to));
            next = to < size || p.endWithEmptyPage() ? Cursors.data(dataType, to, 0) : null;
            if (kind == Kind.DUPLICATE_KEYS && page.size() >= 2) {
                page.set(page.size() - 1, page.get(0));
            } else if (kind == Kind.WRONG_COLUMN_HEADERS) {
                List<String> renamed = new ArrayList<>(headers);
                if (renamed.isEmpty()) {
                    renamed.add("_x");
                } else {
                    renamed.set(0, renamed.get(0) + "_x");
                }
                headers = renamed;
            } else if (kind == Kind.FOREIGN_INSTALLATION) {
                owner = foreign;
            }
        }
        StringBuilder prefix = new StringBuilder("{\"installationId\":");
        Json.string(prefix, owner);
        prefix.append(",\"headers\":");
        Json.append(prefix, headers);
        prefix.append(",\"data\":[");
        List<String> elements = page.stream().map(Json::write).toList();
        String suffix = "],\"pagination\":{\"afterId\":" + Json.write(next) + "}}";
        return new Reply(200, Reply.JSON, Map.of(), new Reply.Shape(prefix.toString(), elements, suffix));
    }

    /** A listing page, paged like a healthy data page. */
    static Reply listing(List<String> ids, Position p, Kind kind, long nonce) {
        int limit = p.limit();
        List<String> page;
        String next;
        if (kind == Kind.EMPTY_LISTING) {
            page = List.of();
            next = null;
        } else if (kind == Kind.LISTING_CYCLE) {
            page = wrap(ids, p.offset(), Math.min(limit, ids.size()));
            next = Cursors.listing(limit, 0);
        } else if (kind == Kind.LISTING_ENDLESS) {
            page = wrap(ids, 0, Math.min(limit, ids.size()));
            next = Cursors.listing(limit, nonce);
        } else {
            List<String> all = ids;
            if (kind == Kind.LISTING_DUPLICATES) {
                all = new ArrayList<>(ids);
                all.addAll(ids);
            }
            int from = Math.min(p.offset(), all.size());
            int to = Math.min(from + limit, all.size());
            page = all.subList(from, to);
            next = to < all.size() || p.endWithEmptyPage() ? Cursors.listing(to, 0) : null;
        }
        return Reply.json(200, "{\"installations\":" + Json.write(page)
                + ",\"pagination\":{\"afterId\":" + Json.write(next) + "}}");
    }

    /** {@code n} items from {@code start}, wrapping round (and repeating) the list; empty if the list is. */
    private static <T> List<T> wrap(List<T> items, int start, int n) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n && !items.isEmpty(); i++) {
            out.add(items.get((int) (((long) start + i) % items.size())));
        }
        return out;
    }
}
