package dev.ferry.local.sample;

/** The endpoints of the sample remote. */
public enum RemoteEndpoint {
    /**
     * {@code GET /data-migration/{dataType}/?limit=N&after=C}: one page of one installation's rows; also
     * counts the optional endpoints under that path ({@link OptionalEndpoint}).
     */
    DATA_MIGRATION,
    /** {@code GET} and {@code PUT /migration-status}: the installation's migration status. */
    MIGRATION_STATUS,
    /** {@code GET /installations?after=C&limit=N}: the app's installations, for the app itself. */
    INSTALLATIONS
}
