package io.dynamolock.agent.apps;

import io.dynamolock.LockNotAcquiredException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * An application that, like a servlet container, loads a module child-first from its own folder
 * and its own copy of {@code dynamolock-api}, while the application's class path has the api too.
 * The module's class {@code cf.Job} (compiled by the test) has locked methods and a static
 * {@code attempt(String key)} that returns the result of a locked call, or the
 * {@code LockNotAcquiredException} it caught, as the module's code declares it.
 *
 * <p>Arguments: the module's classes, its api copy, a key another JVM holds, a free key, a key
 * for two threads of this JVM. Prints one line per case.
 */
public final class ChildFirstApp {

    private ChildFirstApp() {
    }

    /** Loads its own classes first, everything it does not have from the parent. */
    static final class ChildFirstLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super("child-first", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && !name.startsWith("java.")) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException e) {
                        // Not the module's: the parent's.
                    }
                }
                if (loaded == null) {
                    loaded = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }

    private static String describe(Method attempt, String key, ClassLoader module) throws IllegalAccessException {
        Object result;
        try {
            result = attempt.invoke(null, key);
        } catch (InvocationTargetException e) {
            Throwable escaped = e.getCause();
            return "escaped " + escaped + " loaded by " + loaderName(escaped.getClass().getClassLoader(), module);
        }
        if (result instanceof Throwable caught) {
            return "caught " + caught.getClass().getName() + " loaded by "
                    + loaderName(caught.getClass().getClassLoader(), module) + ": " + caught.getMessage();
        }
        return String.valueOf(result);
    }

    private static String loaderName(ClassLoader loader, ClassLoader module) {
        if (loader == module) {
            return "the module's loader";
        }
        return loader == ChildFirstApp.class.getClassLoader() ? "the application's loader" : String.valueOf(loader);
    }

    /**
     * @param args module classes, api copy, key held by another JVM, free key, key for two threads
     * @throws Exception when the module cannot be loaded or run
     */
    public static void main(String[] args) throws Exception {
        URL[] module = {Path.of(args[0]).toUri().toURL(), Path.of(args[1]).toUri().toURL()};
        String heldElsewhere = args[2];
        String free = args[3];
        String local = args[4];
        try (ChildFirstLoader loader = new ChildFirstLoader(module, ChildFirstApp.class.getClassLoader())) {
            Class<?> job = loader.loadClass("cf.Job");
            Class<?> modulesException = loader.loadClass(LockNotAcquiredException.class.getName());
            System.out.println("module's api copy is its own " + (modulesException != LockNotAcquiredException.class
                    && modulesException.getClassLoader() == loader && job.getClassLoader() == loader));
            Method attempt = job.getMethod("attempt", String.class);

            System.out.println("free: " + describe(attempt, free, loader));
            System.out.println("held by another jvm: " + describe(attempt, heldElsewhere, loader));

            Method hold = job.getMethod("hold", String.class, CountDownLatch.class, CountDownLatch.class);
            Object instance = job.getConstructor().newInstance();
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            FutureTask<Object> holder = new FutureTask<>(() -> hold.invoke(instance, local, entered, letGo));
            Thread thread = new Thread(holder, "holder");
            thread.setDaemon(true);
            thread.start();
            if (!entered.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the holding thread did not get " + local + " within 30 s: "
                        + (holder.isDone() ? holder.get() : "still trying"));
            }
            System.out.println("held by another thread: " + describe(attempt, local, loader));
            letGo.countDown();
            System.out.println("the other thread: " + holder.get(30, TimeUnit.SECONDS));
        }
    }
}
