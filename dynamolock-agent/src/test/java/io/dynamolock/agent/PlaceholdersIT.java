package io.dynamolock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamolock.DynamoLock;
import io.dynamolock.DynamoLocked;
import io.dynamolock.agent.support.ItEnvironment;
import io.dynamolock.agent.support.ItEnvironment.Env;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key rendering: every kind of placeholder value and accessor renders as
 * {@code String.valueOf} would; a {@code null} on the way fails the call with an
 * {@link IllegalArgumentException} naming the method and the placeholder, before any request and
 * without running the body; a key longer than DynamoDB allows is refused the same way.
 */
@ExtendWith(ItEnvironment.class)
class PlaceholdersIT {

    enum Color { RED, GREEN }

    record Customer(String id, Color color) {
    }

    record Order(String id, Customer customer, long amount) {
    }

    /** A bean with a getter, a boolean getter, a Boolean getter and a public field. */
    public static class Account {
        public final int code;
        private final String name;
        private final boolean active;

        Account(int code, String name, boolean active) {
            this.code = code;
            this.name = name;
            this.active = active;
        }

        public String getName() {
            return name;
        }

        public boolean isActive() {
            return active;
        }

        public Boolean isVerified() {
            return Boolean.TRUE;
        }
    }

    /** Inherits its getter. */
    public static class Savings extends Account {
        Savings(int code, String name) {
            super(code, name, true);
        }
    }

    /** An accessor reached through an interface type. */
    public interface Identified {
        String getId();
    }

    /** Implements it. */
    public static class Tenant implements Identified {
        @Override
        public String getId() {
            return "t-9";
        }
    }

    record Label(String name) {
    }

    /** A covariant override: the most specific return type is used. */
    public static class Parent {
        public Object getValue() {
            return "parent";
        }
    }

    /** Overrides covariantly, so that {@code $<arg0.value.name>} resolves only on the override's type. */
    public static class Child extends Parent {
        @Override
        public Label getValue() {
            return new Label("child");
        }
    }

    /** The annotated methods; each returns the key it ran under. */
    static class Keys {
        final AtomicInteger bodies = new AtomicInteger();

        @DynamoLocked("p-$<arg0>-$<arg1>-$<arg2>-$<arg3>-$<arg4>-$<arg5>-$<arg6>-$<arg7>")
        String primitives(int i, char c, boolean z, byte b, short s, long l, float f, double d) {
            return key();
        }

        @DynamoLocked("boxed-$<arg0>-$<arg1>-$<arg2>")
        String boxed(Integer i, Long l, Double d) {
            return key();
        }

        @DynamoLocked("enum-$<arg0>")
        String enumValue(Color color) {
            return key();
        }

        @DynamoLocked("order-$<arg0.id>-$<arg0.customer.id>-$<arg0.customer.color>-$<arg0.amount>")
        String record(Order order) {
            return key();
        }

        @DynamoLocked("by-name-$<order.customer.id>-$<note>")
        String byName(Order order, String note) {
            return key();
        }

        @DynamoLocked("bean-$<arg0.name>-$<arg0.active>-$<arg0.verified>-$<arg0.code>")
        String bean(Account account) {
            return key();
        }

        @DynamoLocked("inherited-$<arg0.name>-$<arg0.code>")
        String inherited(Savings savings) {
            return key();
        }

        @DynamoLocked("interface-$<arg0.id>")
        String throughInterface(Identified identified) {
            return key();
        }

        @DynamoLocked("bound-$<arg0.id>")
        <T extends Identified> String typeVariable(T value) {
            return key();
        }

        @DynamoLocked("covariant-$<arg0.value.name>")
        String covariant(Child child) {
            return key();
        }

        @DynamoLocked("literal-$$-$$<arg0>-$<arg0>")
        String dollars(String value) {
            return key();
        }

        @DynamoLocked("$<arg0>")
        String plain(String value) {
            bodies.incrementAndGet();
            return key();
        }

        @DynamoLocked("object-$<arg0>")
        String object(Object value) {
            bodies.incrementAndGet();
            return key();
        }

        @DynamoLocked("order-$<arg0.customer.id>")
        String nested(Order order) {
            bodies.incrementAndGet();
            return key();
        }

        private static String key() {
            return DynamoLock.current().orElseThrow().key();
        }
    }

    private final Keys keys = new Keys();

    @Test
    void primitivesRenderAsStringValueOf() {
        assertEquals("p-42-c-true-7-300-" + Long.MAX_VALUE + "-1.5-" + 2.25e-3,
                keys.primitives(42, 'c', true, (byte) 7, (short) 300, Long.MAX_VALUE, 1.5f, 2.25e-3));
    }

    @Test
    void boxedValuesAndEnumsRenderAsStringValueOf() {
        assertEquals("boxed-1-2-3.5", keys.boxed(1, 2L, 3.5));
        assertEquals("enum-GREEN", keys.enumValue(Color.GREEN));
    }

    @Test
    void recordComponentsAreReadThroughTheirAccessors() {
        Order order = new Order("o-1", new Customer("c-2", Color.RED), 99L);
        assertEquals("order-o-1-c-2-RED-99", keys.record(order));
    }

    @Test
    void argumentsCanBeNamedWhenTheClassHasParameterNames() {
        assertEquals("by-name-c-2-n", keys.byName(new Order("o", new Customer("c-2", Color.RED), 1), "n"));
    }

    @Test
    void gettersBooleanGettersAndPublicFieldsAreRead() {
        assertEquals("bean-ann-true-true-7", keys.bean(new Account(7, "ann", true)));
        assertEquals("inherited-bob-8", keys.inherited(new Savings(8, "bob")));
    }

    @Test
    void accessorsOfInterfacesTypeVariablesAndCovariantOverridesResolve() {
        assertEquals("interface-t-9", keys.throughInterface(new Tenant()));
        assertEquals("bound-t-9", keys.typeVariable(new Tenant()));
        assertEquals("covariant-child", keys.covariant(new Child()));
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertEquals("literal-$-$<arg0>-x", keys.dollars("x"));
    }

    @Test
    void aNullArgumentFailsTheCallBeforeAnyRequestNamingMethodAndPlaceholder(Env env) {
        int before = env.proxy().total();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keys.plain(null));

        assertTrue(e.getMessage().contains("PlaceholdersIT$Keys.plain(java.lang.String)"), e.getMessage());
        assertTrue(e.getMessage().contains("$<arg0> is null"), e.getMessage());
        assertEquals(0, keys.bodies.get(), "the body must not run");
        assertEquals(before, env.proxy().total(), "no request");
    }

    @Test
    void aNullOnTheAccessorChainNamesTheStepThatWasNull(Env env) {
        int before = env.proxy().total();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> keys.nested(new Order("o", null, 1)));

        assertTrue(e.getMessage().contains("PlaceholdersIT$Keys.nested("), e.getMessage());
        assertTrue(e.getMessage().contains("arg0.customer is null, so $<arg0.customer.id> has no value"),
                e.getMessage());
        assertEquals(0, keys.bodies.get());
        assertEquals(before, env.proxy().total());
    }

    @Test
    void aKeyLongerThanDynamoDbAllowsIsRefusedBeforeAnyRequest(Env env) {
        int before = env.proxy().total();
        String huge = "k".repeat(2049);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keys.plain(huge));

        assertTrue(e.getMessage().contains("2048"), e.getMessage());
        assertEquals(0, keys.bodies.get());
        assertEquals(before, env.proxy().total());
        assertEquals("k".repeat(2048), keys.plain("k".repeat(2048)), "2048 bytes are fine");
    }

    @Test
    void aValueWhoseTextIsObjectsToStringFailsTheCallBeforeAnyRequest(Env env) {
        int before = env.proxy().total();

        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> keys.object(new Object()));
        IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                () -> keys.object(new int[] {1}));

        assertTrue(plain.getMessage().contains("PlaceholdersIT$Keys.object(java.lang.Object)"), plain.getMessage());
        assertTrue(plain.getMessage().contains("$<arg0> is a java.lang.Object, whose text is Object.toString()"),
                plain.getMessage());
        assertTrue(array.getMessage().contains("$<arg0> is a int[]"), array.getMessage());
        assertEquals(0, keys.bodies.get(), "the body must not run");
        assertEquals(before, env.proxy().total(), "no request");
        assertEquals("object-x", keys.object("x"), "a value with its own toString() renders");
        assertEquals("object-Label[name=n]", keys.object(new Label("n")));
    }
}
