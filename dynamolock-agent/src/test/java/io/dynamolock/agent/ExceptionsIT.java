package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dynamolock.DynamoLocked;
import io.dynamolock.LockLostException;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.io.IOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What callers see when the body throws or the lease is lost: the body's own exception, always;
 * a lock found lost at release as {@link LockLostException}, thrown after a normal return and
 * suppressed into the body's exception otherwise; and the lock is released in every case.
 */
@ExtendWith(ItEnvironment.class)
class ExceptionsIT {

    /** Bodies that fail, or that have their lock stolen while they run. */
    static class Jobs {
        @DynamoLocked("job-$<arg0>")
        void fails(String id, RuntimeException failure) {
            throw failure;
        }

        @DynamoLocked("job-$<arg0>")
        void failsChecked(String id, IOException failure) throws IOException {
            throw failure;
        }

        @DynamoLocked("job-$<arg0>")
        void failsWithError(String id, Error failure) {
            throw failure;
        }

        @DynamoLocked("job-$<arg0>")
        String runs(String id, Runnable during) {
            during.run();
            return "done";
        }

        @DynamoLocked("job-$<arg0>")
        void runsThenFails(String id, Runnable during, RuntimeException failure) {
            during.run();
            throw failure;
        }
    }

    private final Jobs jobs = new Jobs();

    @Test
    void theCallerSeesTheBodysOwnExceptionAndTheLockIsReleased(Env env) {
        String id = ItEnvironment.uniqueKey("throws");
        IllegalStateException boom = new IllegalStateException("boom");

        assertSame(boom, assertThrows(IllegalStateException.class, () -> jobs.fails(id, boom)));

        assertEquals(0, boom.getSuppressed().length);
        assertFalse(env.item("job-" + id).containsKey("owner"), "released");
        assertEquals("done", jobs.runs(id, () -> { }), "and free for the next call");
    }

    @Test
    void checkedExceptionsAndErrorsPassThroughUnchanged(Env env) {
        String id = ItEnvironment.uniqueKey("checked");
        IOException io = new IOException("disk");
        AssertionError error = new AssertionError("bug");

        assertSame(io, assertThrows(IOException.class, () -> jobs.failsChecked(id, io)));
        assertSame(error, assertThrows(AssertionError.class, () -> jobs.failsWithError(id, error)));
        assertFalse(env.item("job-" + id).containsKey("owner"));
    }

    @Test
    void aLockLostWhileTheBodyRanIsThrownAfterANormalReturn(Env env) {
        String id = ItEnvironment.uniqueKey("lost");
        String key = "job-" + id;

        LockLostException lost = assertThrows(LockLostException.class, () -> jobs.runs(id, () -> env.steal(key)));

        assertEquals(key, lost.key());
        assertEquals(LockLostException.Reason.STOLEN, lost.reason());
        assertFalse(env.item(key).get("owner").s().isEmpty(), "the thief keeps it");
    }

    @Test
    void aLockLostWhileTheBodyThrewIsAddedAsSuppressedToTheBodysException(Env env) {
        String id = ItEnvironment.uniqueKey("lost-and-failed");
        String key = "job-" + id;
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Consumer<String> steal = env::steal;

        IllegalArgumentException seen = assertThrows(IllegalArgumentException.class,
                () -> jobs.runsThenFails(id, () -> steal.accept(key), boom));

        assertSame(boom, seen);
        assertEquals(1, seen.getSuppressed().length);
        LockLostException lost = (LockLostException) seen.getSuppressed()[0];
        assertEquals(key, lost.key());
        assertEquals(LockLostException.Reason.STOLEN, lost.reason());
    }
}
