package dev.ferry.domain.job;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.regex.Pattern;

/**
 * A job's id: its chain and its position in the chain, written {@code chain#seq}. Ids are
 * deterministic, so recording a job twice (a replayed step) inserts it once.
 *
 * <p>A chain name is its base (the data type name in fan-out mode, {@link #SINGLE_CHAIN} in
 * single-event mode), prefixed with {@code ~} for a reverse sync (destination back to source) and
 * suffixed with {@code @n} for pass {@code n > 1}: {@code issues#3} is the fourth job of the first pass
 * over issues, {@code issues@2#0} the first job of the second pass, {@code ~issues#0} the first
 * job of the first reverse sync of issues.
 *
 * @param chain the chain name, as above
 * @param seq   0 for the first job of a chain, +1 for every continuation or restart
 */
public record JobId(String chain, int seq) {
    /** The chain of single-event mode, which walks every data type in plan order. */
    public static final String SINGLE_CHAIN = "*";
    /** The seed's fixed id of the overall tracking row. */
    public static final String TRACKING_ID = "__DATA_MIGRATION__";
    /** The id of the row recording which side is primary (see {@link Primary}). */
    public static final String CUTOVER_ID = "__CUTOVER__";
    private static final String REVERSE = "~";
    private static final Pattern CHAIN = Pattern.compile("~?(\\*|[A-Za-z0-9_][A-Za-z0-9_.-]{0,63})(@[2-9]|@[1-9][0-9]{1,8})?");

    public JobId {
        if (chain == null || !CHAIN.matcher(chain).matches() || seq < 0) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid job id " + chain + "#" + seq);
        }
    }

    /** The chain name of pass {@code pass} (from 1) over {@code base}, forward or reverse. */
    public static String chain(String base, int pass, boolean reverse) {
        if (pass < 1) {
            throw new IllegalArgumentException("passes count from 1");
        }
        return (reverse ? REVERSE : "") + base + (pass == 1 ? "" : "@" + pass);
    }

    /** The pass this job belongs to, from 1. */
    public int pass() {
        int at = chain.indexOf('@');
        return at < 0 ? 1 : Integer.parseInt(chain.substring(at + 1));
    }

    /** Whether this job moves data back from the destination to the source. */
    public boolean reverse() {
        return chain.startsWith(REVERSE);
    }

    /** The chain without its direction and pass: the data type name, or {@link #SINGLE_CHAIN}. */
    public String base() {
        int at = chain.indexOf('@');
        return chain.substring(reverse() ? 1 : 0, at < 0 ? chain.length() : at);
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
