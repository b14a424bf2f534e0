package io.dynamolock.runtime;

import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against DynamoDB: the shared test server, a table of its own for every test. */
@ExtendWith(FixtureExtension.class)
class DynamoDbLockManagerContractTest extends LockManagerContract<DynamoDbLockManager> {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    @Override
    protected DynamoDbLockManager started(String owner) {
        return fixture.started(owner);
    }

    /** Another node on the same table. */
    @Override
    protected DynamoDbLockManager contenderOf(DynamoDbLockManager holder) {
        return fixture.started("contender-of-" + holder.owner());
    }

    @Override
    protected Set<String> heldKeys(DynamoDbLockManager manager) {
        return manager.heldKeys();
    }

    @Override
    protected int requestsSent() {
        return fixture.requests.operations().size();
    }

    /** Threads of one manager that find its key held poll with backoff: a few rounds take seconds. */
    @Override
    protected int acquisitionsPerThread() {
        return 10;
    }
}
