package dev.ferry.hostile;

import dev.ferry.domain.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One named misbehaviour, the installation that meets it, and what Ferry must make of it.
 *
 * @param name         the behaviour, as reported
 * @param installation the installation migrated against it
 * @param expected     recovered (DONE, equal to the source), failed visibly (a chain FAILED with
 *                     {@code code}), or refused (Ferry will not write into the database)
 * @param code         the error code a failed chain must show (null otherwise)
 * @param refused      data type and keys of the page that must not be in the destination (empty if none)
 * @param setup        makes the remote (and the world) misbehave for this installation
 */
record HostileCase(String name, String installation, Expected expected, ErrorCode code, Refused refused, Setup setup) {

    /** Prepares the behaviour: may change the rows before they are served, and make the remote or the world misbehave. */
    @FunctionalInterface
    interface Setup {
        void prepare(HostileWorld world, HostileRemote remote, String installation, Map<String, List<List<Object>>> rows);
    }

    /** What Ferry must make of the behaviour. */
    enum Expected { RECOVERED, FAILED_VISIBLY, REFUSED }

    /** Rows of one data type that must never reach the destination. */
    record Refused(String dataType, Set<Long> keys) {
        static final Refused NONE = new Refused(null, Set.of());
    }
}
