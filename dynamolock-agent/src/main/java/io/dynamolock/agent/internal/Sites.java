package io.dynamolock.agent.internal;

import java.util.Arrays;

/**
 * The woven methods by id. The id is bound into the method's advice as a constant, so a call
 * finds its site with one array read: no boxing, no hashing, no string work. Registration, once
 * per woven method at class load, copies the array.
 */
final class Sites {
    private volatile Site[] byId = new Site[0];

    /**
     * @param site a woven method
     * @return its id
     */
    synchronized int register(Site site) {
        Site[] grown = Arrays.copyOf(byId, byId.length + 1);
        grown[grown.length - 1] = site;
        byId = grown;
        return grown.length - 1;
    }

    /**
     * @param id a site id
     * @return the site, or {@code null} for an id this agent never gave out
     */
    Site get(int id) {
        Site[] sites = byId;
        return id >= 0 && id < sites.length ? sites[id] : null;
    }
}
