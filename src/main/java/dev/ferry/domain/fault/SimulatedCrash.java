package dev.ferry.domain.fault;

/**
 * A process dying at a {@link Failpoint}, as thrown by test {@link Failpoints}. An {@link Error}, so
 * no {@code catch (RuntimeException)} in Ferry handles it: the job keeps whatever state was already
 * written, nothing is released or marked failed, and the queue message is not acknowledged.
 */
public final class SimulatedCrash extends Error {
    private final Failpoint point;

    public SimulatedCrash(Failpoint point) {
        super("simulated crash at " + point, null, false, false);
        this.point = point;
    }

    public Failpoint point() {
        return point;
    }
}
