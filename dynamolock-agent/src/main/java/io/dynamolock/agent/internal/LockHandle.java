package io.dynamolock.agent.internal;

import io.dynamolock.Lock;

/** What the bridge hands out as an opaque lock handle: something holding a runtime lock. */
interface LockHandle {

    /** @return the runtime's lock */
    Lock lock();
}
