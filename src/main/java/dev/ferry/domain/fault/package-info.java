/**
 * Named fault-injection points ({@link dev.ferry.domain.fault.Failpoint}) and the port tests use to
 * fire them ({@link dev.ferry.domain.fault.Failpoints}); production passes the no-op
 * {@link dev.ferry.domain.fault.Failpoints#NONE}.
 */
package dev.ferry.domain.fault;
