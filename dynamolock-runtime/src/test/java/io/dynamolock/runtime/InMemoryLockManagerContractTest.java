package io.dynamolock.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** The contract against the memory store ({@code dynamolock.store=memory}). */
class InMemoryLockManagerContractTest extends LockManagerContract<InMemoryLockManager> {
    private final List<InMemoryLockManager> managers = new ArrayList<>();

    @AfterEach
    void closeManagers() {
        managers.forEach(InMemoryLockManager::close);
    }

    @Override
    protected InMemoryLockManager started(String owner) {
        InMemoryLockManager manager = new InMemoryLockManager(owner);
        manager.start();
        managers.add(manager);
        return manager;
    }

    /** Two memory managers share nothing: the holder's own other threads are its only contenders. */
    @Override
    protected InMemoryLockManager contenderOf(InMemoryLockManager holder) {
        return holder;
    }

    @Override
    protected Set<String> heldKeys(InMemoryLockManager manager) {
        return manager.heldKeys();
    }

    @Override
    protected int requestsSent() {
        return 0;
    }

    /** Memory is fast: enough rounds to catch a race in handing out keys and fences. */
    @Override
    protected int acquisitionsPerThread() {
        return 500;
    }
}
