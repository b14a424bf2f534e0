/**
 * The bootstrap bridge: the only agent classes that application code ever links to.
 *
 * <p>The agent appends its own jar to the bootstrap class path, so these classes are defined by
 * the bootstrap loader and visible from every class, whatever loader defined it. They use JDK
 * types only, in and out: the agent's internals (Byte Buddy, the AWS SDK, the runtime and a
 * private copy of the api) live in an isolated loader and never cross into the application. The
 * api-side helpers in {@code io.dynamolock.woven} reach these classes by name through the
 * bootstrap loader and turn their answers into api exceptions and values.
 *
 * <p>Not API: the protocol between the agent and the api jar of the same version.
 */
package io.dynamolock.bootstrap;
