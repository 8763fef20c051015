package io.rapport.platform.api;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;

/**
 * The runtime's home folder, from the {@code rapport.home} property (framework or system), defaulting to
 * the working directory. Under it: {@code data/} (database, admin token), {@code deploy/} (hot deploy) and
 * {@code etc/} (configuration files).
 */
public final class RapportHome {
    public static final String PROPERTY = "rapport.home";

    private RapportHome() {
    }

    public static Path home(BundleContext context) {
        String home = context == null ? null : context.getProperty(PROPERTY);
        if (home == null || home.isBlank()) {
            home = System.getProperty(PROPERTY, System.getProperty("user.dir"));
        }
        return Paths.get(home).toAbsolutePath().normalize();
    }

    public static Path data(BundleContext context) {
        return home(context).resolve("data");
    }
}
