package dev.ferry.domain.job;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.regex.Pattern;

/**
 * A job's id: its chain and its position in the chain, written {@code chain#seq}. Ids are
 * deterministic, so recording a job twice (a replayed step) inserts it once.
 *
 * @param chain the data type name in fan-out mode, {@link #SINGLE_CHAIN} in single-event mode
 * @param seq   0 for the first job of a chain, +1 for every continuation or restart
 */
public record JobId(String chain, int seq) {
    /** The chain of single-event mode, which walks every data type in plan order. */
    public static final String SINGLE_CHAIN = "*";
    /** The seed's fixed id of the overall tracking row. */
    public static final String TRACKING_ID = "__DATA_MIGRATION__";
    private static final Pattern CHAIN = Pattern.compile("\\*|[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public JobId {
        if (chain == null || !CHAIN.matcher(chain).matches() || seq < 0) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid job id " + chain + "#" + seq);
        }
    }

    public static JobId first(String chain) {
        return new JobId(chain, 0);
    }

    public JobId next() {
        return new JobId(chain, seq + 1);
    }

    public String value() {
        return chain + "#" + seq;
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
