package io.rapport.itests.attrplugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/**
 * A broken plugin type, copied into a bundle made by the test: parse throws for the value "throw", and
 * format throws while the system property {@value #FAIL_FORMAT} is "true".
 */
public class ThrowingType implements AttributeType {
    public static final String NAME = "itest_throwing";
    public static final String FAIL_FORMAT = "rapport.itest.throwingtype.format.fails";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "Throws";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.TEXT;
    }

    @Override
    public boolean usesOptions() {
        return false;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) {
        if ("throw".equals(jsonValue)) {
            throw new IllegalStateException("a bug in the plugin");
        }
        return Stored.text(String.valueOf(jsonValue));
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        if (Boolean.getBoolean(FAIL_FORMAT)) {
            throw new IllegalStateException("a bug in format");
        }
        return stored.text();
    }

    /** The made bundle's activator: registers the type as a plugin would. */
    public static class Activator implements BundleActivator {
        @Override
        public void start(BundleContext context) {
            context.registerService(AttributeType.class, new ThrowingType(), null);
        }

        @Override
        public void stop(BundleContext context) {
        }
    }
}
