package dev.ferry.app.port;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.SchemaScript;
import java.util.List;

/** Prepares an installation's database before any data arrives. */
public interface SchemaMigrator {
    /**
     * Creates the installation database and Ferry's state tables if missing, then applies, in
     * version order, each DDL script not yet recorded, recording each after all its statements
     * succeed. Idempotent; safe to run concurrently with itself if the scripts are idempotent.
     *
     * @return the versions applied by this call (empty when everything was already there)
     */
    List<Integer> migrate(InstallationId installation, List<SchemaScript> scripts);
}
