package io.dynamolock.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.Lock;
import io.dynamolock.LockUnavailableException;
import io.dynamolock.runtime.DynamoDbLockManager;
import io.dynamolock.runtime.Host;
import io.dynamolock.runtime.LockSettings;
import io.dynamolock.runtime.support.Fixture;
import io.dynamolock.runtime.support.FixtureExtension;
import io.dynamolock.testing.fault.Fault;
import io.dynamolock.testing.fault.FaultProxy;
import io.dynamolock.testing.fault.FaultRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two managers misconfigured with one owner id (the README asks for unique ids, but a copied
 * configuration does this): neither may adopt the other's write as its own lost acquire.
 */
@ExtendWith(FixtureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedOwnerIdTest {
    private Fixture fixture;

    @BeforeEach
    void setUp(Fixture fixture) {
        this.fixture = fixture;
    }

    @Test
    void aManagerNeverAdoptsAWriteOfAnotherManagerWithTheSameOwnerIdAndExpiry() throws Exception {
        // Both clocks stand still at the same instant, so both write the same expiry: the case of two
        // sends in one millisecond. Observe mode, so that the frozen clocks do not trip the skew guard.
        Host frozen = Host.system(Clock.fixed(Instant.now(), ZoneOffset.UTC));
        FaultProxy proxy = fixture.proxy();
        DynamoDbLockManager late = fixture.managerVia(proxy.endpoint(), "same-owner",
                b -> b.host(frozen).takeover(LockSettings.Takeover.OBSERVE));
        DynamoDbLockManager first = fixture.manager("same-owner",
                b -> b.host(frozen).takeover(LockSettings.Takeover.OBSERVE));
        late.start();
        first.start();
        // The late manager's first call never reaches the server (every SDK attempt is reset), but it
        // cannot know that: for all it knows, it was applied.
        proxy.inject(FaultRule.on("UpdateItem").whenBodyContains("if_not_exists").times(3).then(Fault.reset()));
        assertThrows(LockUnavailableException.class, () -> late.tryAcquire("k", Duration.ZERO));

        Lock held = first.acquire("k", Duration.ZERO);
        Optional<Lock> adopted = late.tryAcquire("k", Duration.ZERO);

        assertTrue(held.isHeld());
        assertFalse(adopted.isPresent(), "the other manager's write was adopted: two holders");
    }
}
