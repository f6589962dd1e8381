package dev.ferry.app;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.job.LoopPrints;
import dev.ferry.domain.page.Cursor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a walk over the remote's installation listing finite: a page whose cursor or installations
 * repeat what the walk saw at its last checkpoint ({@link LoopMark}, as for data pages), a cursor that
 * does not move, or more than {@code maxPages} pages end the walk with CURSOR_NOT_ADVANCING. An
 * installation listed twice on one page is taken once.
 */
public final class ListingGuard {
    /** Pages of one listing, at most, by default: 10,000 pages of 500 are five million installations. */
    public static final long DEFAULT_MAX_PAGES = 10_000;

    private final long maxPages;

    public ListingGuard(long maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("a listing needs at least one page");
        }
        this.maxPages = maxPages;
    }

    /** Where a walk stands: pages read so far and its loop checkpoint. */
    public record Position(long page, LoopMark mark) {
        public static final Position START = new Position(0, null);
    }

    /** One checked page: its installations (each once, in order) and the position after it. */
    public record Step(List<InstallationId> installations, Position position) {
    }

    /**
     * Checks the page the directory answered for {@code after}.
     *
     * @throws FerryException CURSOR_NOT_ADVANCING (permanent) when the listing repeats itself or runs too long
     */
    public Step check(Position at, Cursor after, InstallationDirectory.Batch batch) {
        long page = at.page() + 1;
        List<InstallationId> ids = new ArrayList<>(new LinkedHashSet<>(batch.installations()));
        String where = "the remote's installations listing, page " + page + (after == null ? "" : " (after cursor " + after + ")");
        if (page > maxPages) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, where + ": more than " + maxPages
                    + " pages; the listing stops here");
        }
        if (batch.next() != null && Objects.equals(batch.next(), after)) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, where + " gave the same cursor back; the listing stops here");
        }
        LoopPrints prints = LoopPrints.of("installations", batch.next(), ids.stream().map(InstallationId::value).toList());
        String repeated = at.mark() == null ? null : at.mark().revisitedBy(prints);
        if (repeated != null && !ids.isEmpty()) {
            throw new FerryException(ErrorCode.CURSOR_NOT_ADVANCING, where + (repeated.equals("cursor")
                    ? " gave a cursor it gave before" : " lists the installations of an earlier page again")
                    + "; the listing loops, so it stops here (the installations listed so far were taken once each)");
        }
        return new Step(ids, new Position(page, LoopMark.after(at.mark(), page, prints)));
    }
}
