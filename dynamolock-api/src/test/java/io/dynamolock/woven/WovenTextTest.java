package io.dynamolock.woven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The last step of key rendering: what renders, and what is refused because its text names no value. */
class WovenTextTest {
    private static final String NULL_MESSAGE = "Billing.settle(Order): the lock key \"k-$<arg0>\" cannot be rendered:"
            + " $<arg0> is null";

    enum Plain { RED }

    enum WithBodies {
        FAST { @Override int speed() { return 2; } };

        abstract int speed();
    }

    record Invoice(String id) {
    }

    /** Gets its toString() from a superclass other than Object. */
    static class Named {
        @Override
        public String toString() {
            return "named";
        }
    }

    static final class Inherits extends Named {
    }

    /** Overrides hashCode but not toString: its text is still type@hash, and refused. */
    static final class Hashed {
        @Override
        public int hashCode() {
            return 7;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hashed;
        }
    }

    private static String text(Object value) {
        return Woven.text(value, NULL_MESSAGE);
    }

    @Test
    void valuesWithTheirOwnTextRenderAsStringValueOf() {
        UUID id = UUID.randomUUID();
        Runnable proxy = (Runnable) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class},
                (p, m, a) -> m.getName().equals("toString") ? "proxied" : null);

        assertEquals("s", text("s"));
        assertEquals("RED", text(Plain.RED));
        assertEquals("FAST", text(WithBodies.FAST));
        assertEquals("Invoice[id=i-1]", text(new Invoice("i-1")));
        assertEquals("42", text(42L));
        assertEquals(id.toString(), text(id));
        assertEquals("[a, b]", text(List.of("a", "b")));
        assertEquals("named", text(new Inherits()));
        assertEquals("proxied", text(proxy));
    }

    @Test
    void nullFailsWithTheGivenMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> text(null));
        assertEquals(NULL_MESSAGE, e.getMessage());
    }

    @Test
    void valuesWhoseTextIsObjectsToStringAreRefusedNamingThePlaceholderAndType() {
        Supplier<String> lambda = () -> "x";
        for (Object value : List.of(new Object(), new int[] {1}, new String[] {"a"}, new Hashed(), lambda)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> text(value));
            assertTrue(e.getMessage().startsWith("Billing.settle(Order): the lock key \"k-$<arg0>\" cannot be rendered:"
                    + " $<arg0> is a " + value.getClass().getTypeName() + ", whose text is Object.toString()"),
                    e.getMessage());
        }
    }
}
