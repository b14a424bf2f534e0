package io.dynamolock.agent.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The woven methods by id. The id is bound into the method's advice as a constant, so a call
 * finds its site with one map look-up and no string work.
 */
final class Sites {
    private final ConcurrentHashMap<Integer, Site> byId = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();

    /**
     * @param site a woven method
     * @return its id
     */
    int register(Site site) {
        int id = nextId.getAndIncrement();
        byId.put(id, site);
        return id;
    }

    /**
     * @param id a site id
     * @return the site, or {@code null} for an id this agent never gave out
     */
    Site get(int id) {
        return byId.get(id);
    }
}
