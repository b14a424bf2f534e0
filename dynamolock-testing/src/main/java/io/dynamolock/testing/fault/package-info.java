/**
 * Fault injection and history checking for the fault and skew suite:
 * {@link io.dynamolock.testing.fault.FaultProxy} sits between an SDK client and a real server
 * and injects the failures a test schedules; {@link io.dynamolock.testing.fault.History} records
 * the critical sections that lock holders ran (in this JVM or in worker processes), and
 * {@link io.dynamolock.testing.fault.HistoryChecker} proves from them that mutual exclusion held.
 */
package io.dynamolock.testing.fault;
