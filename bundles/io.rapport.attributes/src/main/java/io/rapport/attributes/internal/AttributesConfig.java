package io.rapport.attributes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport custom attributes", description = "How attribute types of plugins are called")
public @interface AttributesConfig {
    String PID = "io.rapport.attributes";

    /** Configuration key {@code plugin.timeout.ms}. */
    @AttributeDefinition(description = "Time limit of each call into an attribute type of a plugin, in milliseconds; "
            + "a call over it answers 504 and marks the plugin DEGRADED")
    long plugin_timeout_ms() default 2000;
}
