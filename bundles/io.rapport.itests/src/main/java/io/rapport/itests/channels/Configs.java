package io.rapport.itests.channels;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Configurations through Config Admin, as an operator's tool would make them. Through reflection on the
 * Config Admin interfaces: the test bundle does not import their package. Location "?" so that the
 * plugin bundle installed by the test gets them.
 */
public final class Configs {
    private final BundleContext context;
    private final ServiceReference<?> ref;
    private final Object admin;
    private final Class<?> adminType;
    private final Class<?> configType;

    public Configs(BundleContext context) throws Exception {
        this.context = context;
        this.ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            throw new AssertionError("Config Admin is not running");
        }
        this.adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        this.configType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        this.admin = context.getService(ref);
    }

    /** A new configuration of the factory PID; answers how to delete it. */
    public Runnable createFactory(String factoryPid, Map<String, ?> properties) throws Exception {
        Object config = adminType.getMethod("createFactoryConfiguration", String.class, String.class).invoke(admin, factoryPid, "?");
        return update(config, properties);
    }

    /** The configuration of a singleton PID, replaced by these properties; answers how to delete it. */
    public Runnable set(String pid, Map<String, ?> properties) throws Exception {
        Object config = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
        return update(config, properties);
    }

    private Runnable update(Object config, Map<String, ?> properties) throws Exception {
        Dictionary<String, Object> d = new Hashtable<>(properties);
        configType.getMethod("update", Dictionary.class).invoke(config, d);
        return () -> {
            try {
                configType.getMethod("delete").invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    public void close() {
        context.ungetService(ref);
    }
}
