/**
 * The agent's internals: start-up, the class file transformer, the Byte Buddy advice and the
 * lock service behind the bootstrap bridge.
 *
 * <p>Everything here is defined by the agent's isolated loader (see
 * {@code io.dynamolock.agent.AgentClassLoader}) together with the runtime, a private copy of the
 * api, Byte Buddy and the AWS SDK; the api types named here are that private copy's. Nothing here
 * is ever handed to the application except as an opaque {@code Object} through the bridge.
 */
package io.dynamolock.agent.internal;
