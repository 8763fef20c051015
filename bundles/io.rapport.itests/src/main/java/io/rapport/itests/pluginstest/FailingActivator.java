package io.rapport.itests.pluginstest;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a hand-made test plugin that cannot start. */
public class FailingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("the test plugin refuses to start");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
