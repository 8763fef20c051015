package io.rapport.itests.pluginstest;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a hand-made test plugin: registers a Runnable with a {@code rapport.test.greeting} property. */
public class GreetingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("rapport.test.greeting", "hello from " + context.getBundle().getSymbolicName());
        context.registerService(Runnable.class, () -> { }, props);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
