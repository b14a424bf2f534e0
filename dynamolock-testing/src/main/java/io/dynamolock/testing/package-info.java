/**
 * Real DynamoDB-compatible servers for tests and the demo: an external endpoint, LocalStack
 * (through Testcontainers), moto or dynalite, chosen by {@link io.dynamolock.testing.DynamoDbServers}
 * and shared per test JVM by {@link io.dynamolock.testing.DynamoDbServerExtension}. Nothing here is
 * a mock: every client talks HTTP to a running server.
 */
package io.dynamolock.testing;
