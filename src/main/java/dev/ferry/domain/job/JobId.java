package dev.ferry.domain.job;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;

/**
 * A job's id: its chain and its position in the chain, written {@code chain#seq} ({@code issues#3},
 * {@code *@2#0}, {@code ~issues#0}; see {@link ChainId}). Ids are deterministic, so recording a job
 * twice (a replayed step) inserts it once.
 *
 * @param chain the chain the job belongs to
 * @param seq   0 for the first job of a chain, +1 for every continuation or restart
 */
public record JobId(ChainId chain, int seq) {
    /** The chain of single-event mode, which walks every data type in plan order. */
    public static final String SINGLE_CHAIN = ChainId.SINGLE;
    /** The seed's fixed id of the overall tracking row. */
    public static final String TRACKING_ID = "__DATA_MIGRATION__";
    /** The id of the row recording which side is primary (see {@link Primary}). */
    public static final String CUTOVER_ID = "__CUTOVER__";
    /** The id of the row recording that an operator paused the installation's migration. */
    public static final String PAUSE_ID = "__PAUSE__";
    /** The id of the row recording the plan the job checker last ran the installation's chains with. */
    public static final String PLAN_ID = "__PLAN__";
    /** The id of the row holding the installation's pacing buckets (see the destination pacer). */
    public static final String PACE_ID = "__PACE__";

    public JobId {
        if (chain == null || seq < 0) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid job id " + chain + "#" + seq);
        }
    }

    /** The job at {@code seq} of the chain named {@code chainName} ({@link ChainId#parse}). */
    public JobId(String chainName, int seq) {
        this(ChainId.parse(chainName), seq);
    }

    /** The chain of pass {@code pass} (from 1) over {@code base}, forward or reverse. */
    public static ChainId chain(String base, int pass, boolean reverse) {
        return new ChainId(base, pass, reverse);
    }

    /** The pass this job belongs to, from 1. */
    public int pass() {
        return chain.pass();
    }

    /** Whether this job moves data back from the destination to the source. */
    public boolean reverse() {
        return chain.reverse();
    }

    /** The chain without its direction and pass: the data type name, or {@link #SINGLE_CHAIN}. */
    public String base() {
        return chain.base();
    }

    public static JobId first(ChainId chain) {
        return new JobId(chain, 0);
    }

    public static JobId first(String chainName) {
        return new JobId(chainName, 0);
    }

    public JobId next() {
        return new JobId(chain, seq + 1);
    }

    public String value() {
        return chain.name() + "#" + seq;
    }

    public static JobId parse(String value) {
        int hash = value == null ? -1 : value.lastIndexOf('#');
        if (hash <= 0) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid job id: " + value);
        }
        try {
            return new JobId(value.substring(0, hash), Integer.parseInt(value.substring(hash + 1)));
        } catch (NumberFormatException e) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid job id: " + value);
        }
    }

    @Override
    public String toString() {
        return value();
    }
}
