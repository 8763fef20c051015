package io.rapport.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport plugins", description = "Hot deploy from deploy/ and the plugin manager")
public @interface PluginsConfig {
    String PID = "io.rapport.plugins";

    /** Configuration key {@code deploy.poll.millis}. */
    @AttributeDefinition(description = "How often deploy/ is scanned for new, changed and removed files, in milliseconds")
    long deploy_poll_millis() default 100;

    /** Configuration key {@code refresh.timeout.seconds}. */
    @AttributeDefinition(description = "How long to wait for the framework to refresh the bundles an operation touched")
    long refresh_timeout_seconds() default 60;
}
