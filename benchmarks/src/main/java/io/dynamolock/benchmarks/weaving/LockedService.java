package io.dynamolock.benchmarks.weaving;

import io.dynamolock.DynamoLocked;

/**
 * The woven subject of part 5: the same body, once annotated and once plain. Woven by the agent
 * or by AspectJ's load-time weaver, depending on the benchmark JVM.
 */
public class LockedService {

    /**
     * @param id the id
     * @return the body's result, under the lock {@code k-<id>}
     */
    @DynamoLocked("k-$<arg0>")
    public int locked(String id) {
        return work(id);
    }

    /**
     * The body alone.
     *
     * @param id the id
     * @return a value that depends on the id, so that the call cannot be folded away
     */
    public int work(String id) {
        return id.length() * 31 + id.charAt(0);
    }

    /**
     * @param id the id
     * @return whether this call ran under a lock: true only when this method was woven
     */
    @DynamoLocked("k-$<arg0>")
    public boolean probe(String id) {
        return WeavingProbe.underLock();
    }
}
