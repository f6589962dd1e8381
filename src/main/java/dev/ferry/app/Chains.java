package dev.ferry.app;

import dev.ferry.domain.job.JobId;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job chains of a pass: in pass 1 one per data type (fan-out) or one walking every type (single
 * event); in every later pass one chain of steps (see {@link Passes}).
 */
final class Chains {
    private Chains() {
    }

    /** Chain base name to the data type its first job moves, in order. */
    static Map<String, DataType> of(MigrationPlan plan, int pass) {
        Map<String, DataType> chains = new LinkedHashMap<>();
        if (pass > 1) {
            chains.put(JobId.SINGLE_CHAIN, Passes.firstStep(plan).dataType());
        } else if (plan.mode() == MigrationMode.SINGLE_EVENT) {
            chains.put(JobId.SINGLE_CHAIN, plan.dataTypes().get(0));
        } else {
            return perDataType(plan);
        }
        return chains;
    }

    /**
     * One chain per data type: pass 1 in fan-out mode, and every reverse sync whatever the mode (the
     * destination is local and cheap to read).
     */
    static Map<String, DataType> perDataType(MigrationPlan plan) {
        Map<String, DataType> chains = new LinkedHashMap<>();
        plan.dataTypes().forEach(d -> chains.put(d.name(), d));
        return chains;
    }
}
