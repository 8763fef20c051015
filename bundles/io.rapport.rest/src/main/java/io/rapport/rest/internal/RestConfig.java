package io.rapport.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport REST API", description = "Limits of the /api/v1 application")
public @interface RestConfig {
    String PID = "io.rapport.rest";

    /** Configuration key {@code max.body.bytes}. */
    @AttributeDefinition(description = "Largest request body accepted, in bytes; larger ones get 413")
    long max_body_bytes() default 1024 * 1024;
}
