package io.rapport.imports.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport bulk imports", description = "How import jobs run")
public @interface ImportsConfig {
    String PID = "io.rapport.imports";

    /** Configuration key {@code batch.size}. */
    @AttributeDefinition(description = "Rows written per transaction (1 to 1000): larger batches import faster and hold "
            + "their locks longer")
    int batch_size() default 500;

    /** Configuration key {@code max.error.rows}. */
    @AttributeDefinition(description = "Failed rows kept per job with their line and reason (GET /api/v1/jobs/{id}/errors); "
            + "the ones after are counted only (errors_total)")
    int max_error_rows() default 1000;

    /** Configuration key {@code turn.millis}. */
    @AttributeDefinition(description = "How long one job imports before the next job waiting gets its turn, in milliseconds: "
            + "a large import does not hold up a small one")
    long turn_millis() default 2000;

    /** Configuration key {@code keep.files}. */
    @AttributeDefinition(description = "Keep the uploaded files (in data/imports) after their jobs end, for inspection")
    boolean keep_files() default false;
}
