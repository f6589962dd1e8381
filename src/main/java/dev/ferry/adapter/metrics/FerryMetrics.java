package dev.ferry.adapter.metrics;

/**
 * The names of Ferry's metrics (namespace {@value EmfWriter#NAMESPACE}) and of their dimensions.
 * docs/deploying.md lists them with their units and meaning; the dashboard in template.yaml plots them.
 */
public final class FerryMetrics {
    private FerryMetrics() {
    }

    // Dimensions (low cardinality only).
    public static final String FUNCTION = "Function";
    public static final String DATA_TYPE = "DataType";
    public static final String ERROR_CODE = "ErrorCode";
    public static final String OUTCOME = "Outcome";
    public static final String STATE = "State";

    /** Rows committed to installation databases (Count; Function, DataType). */
    public static final String ROWS_COPIED = "RowsCopied";
    /** Pages committed (Count; Function, DataType). */
    public static final String PAGES_COPIED = "PagesCopied";
    /** Transfers stopped by an error, retried later or failed, by error code (Count; Function, ErrorCode). */
    public static final String PAGES_REFUSED = "PagesRefused";
    /** Jobs that failed permanently and wait for an operator's retry (Count; Function). */
    public static final String JOBS_FAILED = "JobsFailed";
    /** Queue records handed back for another delivery after a retryable failure (Count; Function). */
    public static final String RECORDS_RETRIED = "RecordsRetried";
    /** Queue records that could not be read; they end in the dead-letter queue (Count; Function). */
    public static final String RECORDS_UNREADABLE = "RecordsUnreadable";
    /** Installations tracked, by what the tracker saw and did (Count; Function, Outcome). */
    public static final String INSTALLATIONS_TRACKED = "InstallationsTracked";
    /** Installations per state when the status function reports the fleet (Count; Function, State). */
    public static final String INSTALLATIONS_BY_STATE = "InstallationsByState";
    /**
     * Replication lag bound of an installation in sync: seconds since its newest complete pass began
     * (Seconds; Function; installation as a property). Written when the status function reports it.
     */
    public static final String REPLICATION_LAG = "ReplicationLag";
    /** Scheduled tracker ticks that enqueued an installation listing (Count; Function). */
    public static final String TRACKER_TICKS = "TrackerTicks";
}
