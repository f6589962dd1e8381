package dev.ferry.domain.page;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import java.util.List;

/**
 * One page exactly as the remote returned it, already decoded from JSON into plain Java values:
 * null, Boolean, String, BigDecimal (every JSON number, so nothing is rounded), or {@link JsonText}
 * for nested objects and arrays.
 *
 * @param headers        column names in the order of each row's values
 * @param data           rows as lists of values
 * @param next           the {@code afterId} to ask for the next page, or null when the remote says there is none
 * @param installationId the installation the remote says these rows belong to (the contract's optional
 *                       top-level {@code "installationId"}), or null when it does not say
 */
public record RemotePage(List<String> headers, List<List<Object>> data, Cursor next, String installationId) {
    public RemotePage {
        headers = headers == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(headers));
        data = data == null ? List.of() : data;
    }

    /** A page that does not say whose rows it holds. */
    public RemotePage(List<String> headers, List<List<Object>> data, Cursor next) {
        this(headers, data, next, null);
    }

    /** The seed's rule: a data type is finished when a page has no rows or no next cursor. */
    public boolean isLast() {
        return data.isEmpty() || next == null;
    }

    /**
     * Refuses a page that does not answer the request it came back for, before any of it is used:
     * FOREIGN_INSTALLATION when it names another installation than {@code asked}, PAGE_OVER_LIMIT
     * when it holds more rows than {@code limit}. Both permanent: asking again would not help.
     *
     * @return this page
     */
    public RemotePage requireAnswerTo(InstallationId asked, int limit) {
        if (installationId != null && !installationId.equals(asked.value())) {
            throw new FerryException(ErrorCode.FOREIGN_INSTALLATION, "the remote answered for installation "
                    + excerpt(installationId) + " when asked for " + asked + "; page refused, nothing written");
        }
        if (data.size() > limit) {
            throw new FerryException(ErrorCode.PAGE_OVER_LIMIT, "the remote sent " + data.size()
                    + " rows when asked for at most " + limit + "; page refused, nothing written");
        }
        return this;
    }

    private static String excerpt(String value) {
        return '"' + (value.length() > 60 ? value.substring(0, 60) + "…" : value) + '"';
    }
}
