package io.rapport.itests.attrplugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/**
 * A plugin type that does not answer for a minute (until interrupted): parse for the value "hang", format
 * while the system property {@value #HANG_FORMAT} is "true". Copied into a bundle made by the test.
 */
public class HangingType implements AttributeType {
    public static final String NAME = "itest_hanging";
    public static final String HANG_FORMAT = "rapport.itest.hangingtype.format.hangs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "Hangs";
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
        if ("hang".equals(jsonValue)) {
            hang();
        }
        return Stored.text(String.valueOf(jsonValue));
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        if (Boolean.getBoolean(HANG_FORMAT)) {
            hang();
        }
        return stored.text();
    }

    private static void hang() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The made bundle's activator: registers the type as a plugin would. */
    public static class Activator implements BundleActivator {
        @Override
        public void start(BundleContext context) {
            context.registerService(AttributeType.class, new HangingType(), null);
        }

        @Override
        public void stop(BundleContext context) {
        }
    }
}
