package io.rapport.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the HTTP front and the /api/v1 application ({@code etc/io.rapport.rest.cfg}). */
@ObjectClassDefinition(name = "Rapport REST API", description = "Limits of the HTTP front and the /api/v1 application")
public @interface RestConfig {
    String PID = "io.rapport.rest";

    /** Configuration key {@code max.body.bytes}. */
    @AttributeDefinition(description = "Largest request body accepted (JSON bodies, webhook messages), in bytes; larger ones get 413")
    long max_body_bytes() default 1024 * 1024;

    /** Configuration key {@code max.upload.bytes}. */
    @AttributeDefinition(description = "Largest plugin jar accepted by POST/PUT /api/v1/plugins (bodies of type application/java-archive, "
            + "application/x-java-archive, application/zip or application/octet-stream), in bytes; larger ones get 413")
    long max_upload_bytes() default 64L * 1024 * 1024;

    /** Configuration key {@code max.import.bytes}. */
    @AttributeDefinition(description = "Largest bulk import accepted by POST /api/v1/people/import (bodies of type application/x-ndjson, "
            + "application/ndjson or text/csv), in bytes; larger ones get 413")
    long max_import_bytes() default 256L * 1024 * 1024;

    /** Configuration key {@code body.timeout.seconds}. */
    @AttributeDefinition(description = "A JSON body (at most max.body.bytes) must arrive whole within this many seconds of the "
            + "request's headers; otherwise 408. It is read without holding a thread.")
    int body_timeout_seconds() default 20;

    /** Configuration key {@code min.upload.bytes.per.second}. */
    @AttributeDefinition(description = "Uploads and imports (streamed, not buffered) slower than this on average after their "
            + "first 10 seconds are cut off with 408")
    long min_upload_bytes_per_second() default 16 * 1024;

    /** Configuration key {@code max.concurrent.uploads}. */
    @AttributeDefinition(description = "Uploads and imports streamed at the same time; one more gets 503 with Retry-After")
    int max_concurrent_uploads() default 4;

    /** Configuration key {@code idle.timeout.seconds}. */
    @AttributeDefinition(description = "A connection that sends nothing for this many seconds is closed")
    int idle_timeout_seconds() default 30;

    /** Configuration key {@code max.header.bytes}. */
    @AttributeDefinition(description = "Largest request line plus headers, in bytes; larger ones get 431")
    int max_header_bytes() default 16 * 1024;

    /** Configuration key {@code auth.failures.burst}. */
    @AttributeDefinition(description = "Failed authentications one client address may make in a burst before it gets 429")
    int auth_failures_burst() default 30;

    /** Configuration key {@code auth.failures.per.minute}. */
    @AttributeDefinition(description = "Failed authentications a client address is allowed again per minute after a burst")
    int auth_failures_per_minute() default 60;

    /** Configuration key {@code cors.allowed.origins}. */
    @AttributeDefinition(description = "Origins (scheme://host[:port]) whose browser pages may call the API; none by default "
            + "(CORS off). Comma-separated in the .cfg file.")
    String[] cors_allowed_origins() default {};
}
