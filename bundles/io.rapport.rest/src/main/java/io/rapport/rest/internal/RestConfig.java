package io.rapport.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport REST API", description = "Limits of the /api/v1 application")
public @interface RestConfig {
    String PID = "io.rapport.rest";

    /** Configuration key {@code max.body.bytes}. */
    @AttributeDefinition(description = "Largest request body accepted, in bytes; larger ones get 413")
    long max_body_bytes() default 1024 * 1024;

    /** Configuration key {@code max.upload.bytes}. */
    @AttributeDefinition(description = "Largest plugin jar accepted by POST/PUT /api/v1/plugins (bodies of type application/java-archive, "
            + "application/x-java-archive, application/zip or application/octet-stream), in bytes; larger ones get 413")
    long max_upload_bytes() default 64L * 1024 * 1024;

    /** Configuration key {@code max.import.bytes}. */
    @AttributeDefinition(description = "Largest bulk import accepted by POST /api/v1/people/import (bodies of type application/x-ndjson, "
            + "application/ndjson or text/csv), in bytes; larger ones get 413")
    long max_import_bytes() default 1024L * 1024 * 1024;
}
