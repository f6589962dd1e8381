package dev.ferry.domain.job;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chain's identity: what it moves ({@code base}: a data type, or {@link #SINGLE} for the chain that
 * walks every data type), which pass or reverse run it belongs to, and its direction. Written as its
 * job ids spell it: {@code issues} (pass 1), {@code *@2} (pass 2), {@code ~issues} (reverse run 1),
 * {@code ~issues@3} (reverse run 3).
 *
 * @param base    a data type name, or {@link #SINGLE}
 * @param pass    the pass (forward) or run (reverse) number, from 1
 * @param reverse whether the chain copies the destination back to the source
 */
public record ChainId(String base, int pass, boolean reverse) {
    /** The base of the chain that walks every data type in plan order (single-event mode, diff passes). */
    public static final String SINGLE = "*";
    private static final String REVERSE = "~";
    private static final Pattern BASE = Pattern.compile("\\*|[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern NAME = Pattern.compile("(~?)(\\*|[A-Za-z0-9_][A-Za-z0-9_.-]{0,63})(?:@([2-9]|[1-9][0-9]{1,8}))?");

    public ChainId {
        if (base == null || !BASE.matcher(base).matches() || pass < 1) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid chain " + base + " (pass " + pass + ")");
        }
    }

    /** The forward chain of {@code base} in {@code pass}. */
    public static ChainId forward(String base, int pass) {
        return new ChainId(base, pass, false);
    }

    /** The reverse chain of {@code base} in reverse run {@code run}. */
    public static ChainId backward(String base, int run) {
        return new ChainId(base, run, true);
    }

    /** Reads a chain name as {@link #name()} writes it. */
    public static ChainId parse(String name) {
        Matcher m = name == null ? null : NAME.matcher(name);
        if (m == null || !m.matches()) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "invalid chain " + name);
        }
        return new ChainId(m.group(2), m.group(3) == null ? 1 : Integer.parseInt(m.group(3)), !m.group(1).isEmpty());
    }

    /** Whether this chain walks every data type (rather than one). */
    public boolean single() {
        return base.equals(SINGLE);
    }

    /** The chain's name: {@code ~} for reverse, the base, and {@code @pass} from pass 2. */
    public String name() {
        return (reverse ? REVERSE : "") + base + (pass == 1 ? "" : "@" + pass);
    }

    @Override
    public String toString() {
        return name();
    }
}
