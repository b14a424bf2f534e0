package io.dynamolock.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DynamoLockedProcessorTest {

    /** A compilation unit in package {@code demo} declaring public class {@code Service}. */
    private static Compilation compile(String body) {
        return Compilation.of("Service", """
                package demo;

                import io.dynamolock.DynamoLocked;
                import io.dynamolock.OnLocked;
                import java.util.List;

                """ + body);
    }

    // ---- accepted forms -------------------------------------------------------------------

    @Test
    void positionalArgumentCompiles() {
        compile("""
                public class Service {
                    @DynamoLocked("invoice-$<arg0>") void settle(String invoiceId) { }
                    @DynamoLocked("pair-$<arg0>-$<arg1>") void both(String a, long b) { }
                }
                """).compilesCleanly();
    }

    @Test
    void namedArgumentCompiles() {
        compile("""
                public class Service {
                    @DynamoLocked("invoice-$<invoiceId>") void settle(String invoiceId, int amount) { }
                }
                """).compilesCleanly();
    }

    @Test
    void literalTemplateOnMethodWithoutParametersCompiles() {
        compile("""
                public class Service {
                    @DynamoLocked("nightly-report") void run() { }
                    @DynamoLocked("price-$$") int price() { return 0; }
                }
                """).compilesCleanly();
    }

    @Test
    void primitiveBoxedAndObjectFinalValuesCompile() {
        compile("""
                class Counter { public Integer getCount() { return 1; } }
                class Open { }
                public class Service {
                    @DynamoLocked("$<arg0>-$<arg1>-$<arg2.count>") void m(int a, Long b, Counter c) { }
                    @DynamoLocked("$<arg0>-$<arg1>-$<arg2>") void maybe(Object o, Open open, Runnable r) { }
                }
                """).compilesCleanly();
    }

    @Test
    void anArrayFinalValueIsAnErrorBecauseItRendersByIdentity() {
        compile("""
                public class Service {
                    @DynamoLocked("$<ids>") void many(String... ids) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("$<ids> is an array (java.lang.String[])",
                "Object.toString()", "does not name the value");
    }

    @Test
    void aFinalClassWithoutToStringIsAnErrorAndOneWithItCompiles() {
        compile("""
                final class Token { }
                final class Named { @Override public String toString() { return "n"; } }
                public class Service {
                    @DynamoLocked("$<arg0>") void bad(Token t) { } // <- here
                    @DynamoLocked("$<arg0>") void good(Named n) { }
                }
                """).failsWithOneErrorOnMarkedLine("$<arg0> is a demo.Token (a final class without toString())");
    }

    @Test
    void getterChainOnClassCompiles() {
        compile("""
                class Customer { public String getId() { return "c"; } }
                class Order { public Customer getCustomer() { return new Customer(); } }
                public class Service {
                    @DynamoLocked("customer-$<order.customer.id>") void ship(Order order) { }
                }
                """).compilesCleanly();
    }

    @Test
    void getterChainOnRecordCompiles() {
        compile("""
                record Customer(String id) { }
                record Order(Customer customer, long number) { }
                public class Service {
                    @DynamoLocked("order-$<arg0.customer.id>-$<arg0.number>") void ship(Order order) { }
                }
                """).compilesCleanly();
    }

    @Test
    void booleanIsGetterCompiles() {
        compile("""
                class Flags {
                    public boolean isActive() { return true; }
                    public Boolean isPaid() { return true; }
                }
                public class Service {
                    @DynamoLocked("$<arg0.active>-$<arg0.paid>") void m(Flags flags) { }
                }
                """).compilesCleanly();
    }

    @Test
    void publicFieldCompiles() {
        compile("""
                class Point { public int x; public final String label = "p"; }
                public class Service {
                    @DynamoLocked("$<arg0.x>-$<arg0.label>") void m(Point point) { }
                }
                """).compilesCleanly();
    }

    @Test
    void inheritedMembersCompile() {
        compile("""
                interface HasId { String getId(); }
                class Base { public String region; public boolean isLive() { return true; } }
                class Account extends Base implements HasId { public String getId() { return "a"; } }
                class Premium extends Account { }
                public class Service {
                    @DynamoLocked("$<arg0.id>-$<arg0.region>-$<arg0.live>") void m(Premium account) { }
                }
                """).compilesCleanly();
    }

    @Test
    void getterOnInterfaceTypeCompiles() {
        compile("""
                interface HasId { String getId(); }
                interface Named extends HasId { }
                public class Service {
                    @DynamoLocked("$<arg0.id>-$<arg1.empty>") void m(Named named, List<String> list) { }
                }
                """).compilesCleanly();
    }

    @Test
    void covariantOverrideGivesTheMoreSpecificType() {
        compile("""
                class Customer { public String getId() { return "c"; } }
                interface Source { Object getOwner(); }
                class Order implements Source { public Customer getOwner() { return new Customer(); } }
                public class Service {
                    @DynamoLocked("$<arg0.owner.id>") void m(Order order) { }
                }
                """).compilesCleanly();
    }

    @Test
    void typeVariableParameterResolvesOnItsBound() {
        compile("""
                class Order { public String getId() { return "o"; } }
                public class Service<T extends Order> {
                    @DynamoLocked("$<arg0.id>") <U extends Order> void m(U order) { }
                    @DynamoLocked("$<arg0.id>") void n(T order) { }
                }
                """).compilesCleanly();
    }

    @Test
    void defaultStaticAndPrivateInterfaceMethodsCompile() {
        compile("""
                interface Service {
                    @DynamoLocked("a-$<arg0>") default void a(String id) { }
                    @DynamoLocked("b-$<arg0>") static void b(String id) { }
                    @DynamoLocked("c-$<arg0>") private void c(String id) { }
                }
                """).compilesCleanly();
    }

    @Test
    void validWaitForAndOnLockedCompile() {
        compile("""
                public class Service {
                    @DynamoLocked(value = "a", waitFor = "500ms") void a() { }
                    @DynamoLocked(value = "b", waitFor = "PT10S", onLocked = OnLocked.SKIP) void b() { }
                }
                """).compilesCleanly();
    }

    @Test
    void constantExpressionTemplateIsChecked() {
        compile("""
                public class Service {
                    static final String PREFIX = "invoice-";
                    @DynamoLocked(PREFIX + "$<arg1>") void settle(String invoiceId) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("invoice-$<arg1>", "1 parameter");
    }

    // ---- errors ---------------------------------------------------------------------------

    @Test
    void templateSyntaxErrorIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("ok-$<arg0>") void fine(String id) { }
                    @DynamoLocked("invoice-${arg0}") void settle(String id) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("invoice-${arg0}", "position 8", "unknown placeholder",
                "write $$ for a literal $", "settle(");
    }

    @Test
    void unterminatedPlaceholderIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("invoice-$<arg0") void settle(String id) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("position 8", "never closed");
    }

    @Test
    void argumentIndexBeyondParameterCountIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("invoice-$<arg1>") void settle(String invoiceId) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("$<arg1>", "argument 1", "has 1 parameter", "arg0 only");
    }

    @Test
    void argumentOnMethodWithoutParametersIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("job-$<arg0>") void run() { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("$<arg0>", "no parameters");
    }

    @Test
    void nameThatIsNotAParameterIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("invoice-$<invoiceID>") void settle(String invoiceId, long amount) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'invoiceID' is not a parameter", "invoiceId, amount",
                "arg0 to arg1");
    }

    @Test
    void accessorThatDoesNotResolveIsAnError() {
        compile("""
                class Order { public String getId() { return "o"; } }
                public class Service {
                    @DynamoLocked("order-$<arg0.idd>") void ship(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("$<arg0.idd>", "'idd'", "demo.Order", "getIdd()", "isIdd()",
                "record component", "public field");
    }

    @Test
    void errorNamesTheStepWhereTheChainBreaks() {
        compile("""
                record Customer(String id) { }
                record Order(Customer customer) { }
                public class Service {
                    @DynamoLocked("$<order.customer.name>") void ship(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'name'", "order.customer", "demo.Customer");
    }

    @Test
    void fluentMethodOnPlainClassDoesNotResolve() {
        compile("""
                class Order { public String id() { return "o"; } }
                public class Service {
                    @DynamoLocked("$<arg0.id>") void ship(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "demo.Order");
    }

    @Test
    void staticFieldDoesNotResolve() {
        compile("""
                class Order { public static String code; }
                public class Service {
                    @DynamoLocked("$<arg0.code>") void b(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'code'", "demo.Order", "static members");
    }

    @Test
    void staticGetterDoesNotResolve() {
        compile("""
                class Order { public static String getId() { return "o"; } }
                public class Service {
                    @DynamoLocked("$<arg0.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "demo.Order");
    }

    @Test
    void nonPublicMembersDoNotResolve() {
        compile("""
                class Order { String getId() { return "o"; } protected String id; }
                public class Service {
                    @DynamoLocked("$<arg0.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "demo.Order");
    }

    @Test
    void voidGetterAndNonBooleanIsGetterDoNotResolve() {
        compile("""
                class Order { public void getId() { } public String isId() { return ""; } }
                public class Service {
                    @DynamoLocked("$<arg0.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "demo.Order");
    }

    @Test
    void getterWithParametersDoesNotResolve() {
        compile("""
                class Order { public String getId(int part) { return ""; } }
                public class Service {
                    @DynamoLocked("$<arg0.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "demo.Order");
    }

    @Test
    void objectsGetClassDoesNotCount() {
        compile("""
                public class Service {
                    @DynamoLocked("$<arg0.class>") void a(Service other) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'class'", "demo.Service");
    }

    @Test
    void recordComponentTakesPrecedenceOverGetter() {
        // Were getX() tried first, the chain would resolve; the component is an int, so it fails.
        compile("""
                class Customer { public String getId() { return "c"; } }
                record Order(int owner) { public Customer getOwner() { return new Customer(); } }
                public class Service {
                    @DynamoLocked("$<arg0.owner.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "int", "primitive");
    }

    @Test
    void getterTakesPrecedenceOverIsGetterAndField() {
        compile("""
                class Customer { public String getId() { return "c"; } }
                class Order {
                    public Customer owner;
                    public boolean isOwner() { return true; }
                    public int getOwner() { return 1; }
                }
                public class Service {
                    @DynamoLocked("$<arg0.owner.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "int", "primitive");
    }

    @Test
    void isGetterTakesPrecedenceOverField() {
        compile("""
                class Customer { public String getId() { return "c"; } }
                class Order { public Customer owner; public boolean isOwner() { return true; } }
                public class Service {
                    @DynamoLocked("$<arg0.owner.id>") void a(Order order) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "boolean", "primitive");
    }

    @Test
    void stepOnPrimitiveIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("$<arg0.value>") void a(long id) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'value'", "long", "primitive");
    }

    @Test
    void stepOnArrayIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("$<ids.length>") void a(String[] ids) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'length'", "java.lang.String[]", "an array");
    }

    @Test
    void typeArgumentsAreErasedBeforeResolvingSteps() {
        // The class file's getValue() returns Object, so the agent could not follow .id either.
        compile("""
                class Order { public String getId() { return "o"; } }
                record Box<T>(T value) { }
                public class Service {
                    @DynamoLocked("$<arg0.value.id>") void a(Box<Order> box) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "java.lang.Object");
    }

    @Test
    void typeVariableResolvesOnItsLeftmostBoundOnly() {
        compile("""
                interface HasId { String getId(); }
                public class Service {
                    @DynamoLocked("$<arg0.id>") <T extends Comparable<T> & HasId> void a(T item) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("'id'", "java.lang.Comparable");
    }

    @Test
    void unparseableWaitForIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked(value = "a", waitFor = "10 sec") void a() { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("10 sec", "500ms", "PT10S");
    }

    @Test
    void abstractClassMethodIsAnError() {
        compile("""
                public abstract class Service {
                    @DynamoLocked("a-$<arg0>") abstract void a(String id); // <- here
                }
                """).failsWithOneErrorOnMarkedLine("abstract", "a(java.lang.String id)", "default and static");
    }

    @Test
    void abstractInterfaceMethodIsAnError() {
        compile("""
                public interface Service {
                    @DynamoLocked("a-$<arg0>") default void fine(String id) { }
                    @DynamoLocked("a-$<arg0>") void a(String id); // <- here
                }
                """).failsWithOneErrorOnMarkedLine("abstract", "implementing method");
    }

    @Test
    void nativeMethodIsAnError() {
        compile("""
                public class Service {
                    @DynamoLocked("a-$<arg0>") native void a(String id); // <- here
                }
                """).failsWithOneErrorOnMarkedLine("native");
    }

    @Test
    void annotatedConstructorFailsCompilation() {
        compile("""
                public class Service {
                    @DynamoLocked("a") Service() { } // <- here
                }
                """).failsWithErrorOnMarkedLine();
    }

    @Test
    void repeatedBadPlaceholderIsReportedOnce() {
        compile("""
                public class Service {
                    @DynamoLocked("$<arg1>:$<arg1>") void a(String id) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("$<arg1>", "argument 1");
    }

    @Test
    void onlyTheBadPlaceholderIsReported() {
        String message = compile("""
                public class Service {
                    @DynamoLocked("$<arg0>-$<arg0.nope>") void a(String id) { } // <- here
                }
                """).failsWithOneErrorOnMarkedLine("$<arg0.nope>");
        assertTrue(message.contains("java.lang.String"), message);
    }
}
