package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Cursor;
import java.util.List;

/** Lists the app's installations, a page at a time ({@code GET {base}/installations?after=C}). */
public interface InstallationDirectory {
    /**
     * @param after null for the first page
     * @return never null; {@code next} is null after the last page
     */
    Batch list(Cursor after, int limit);

    /** One page of installations. */
    record Batch(List<InstallationId> installations, Cursor next) {
        public Batch {
            installations = List.copyOf(installations);
        }
    }
}
