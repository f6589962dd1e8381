package dev.ferry.domain.plan;

/** How an installation's data types are spread over jobs (the seed's two event logics). */
public enum MigrationMode {
    /** One job chain per data type, all running at once. Faster; more concurrent load. */
    FAN_OUT,
    /** One job chain walking the data types in plan order. Slower; gentler on rate limits. */
    SINGLE_EVENT
}
