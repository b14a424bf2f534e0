/**
 * Not API: used by woven code.
 *
 * <p>The DynamoLock agent inlines advice into every {@code @DynamoLocked} method; that advice
 * calls the static helpers in this package, which live in the application's own copy of the api
 * jar and so are resolved through the application's own class loader. They reach the agent's
 * bootstrap bridge by name, speak JDK types to it, and turn its answers into this api's
 * exceptions and values: so a child-first loader with its own copy of the api sees exceptions of
 * its own classes. Signatures here may change in any release, together with the agent.
 */
package io.dynamolock.woven;
