package io.rapport.search.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport search", description = "The in-memory search index")
public @interface SearchConfig {
    String PID = "io.rapport.search";

    /** Configuration key {@code loading.wait.ms}. */
    @AttributeDefinition(description = "How long a search or count waits for the index to finish loading the fields it uses, in milliseconds; then it answers 503")
    long loading_wait_ms() default 5_000;

    /** Configuration key {@code condition.cache.entries}. */
    @AttributeDefinition(description = "How many results of scanning conditions (text scans, ranges) each model keeps while their column is unchanged; 0 keeps none")
    int condition_cache_entries() default 64;

    /** Configuration key {@code load.retry.ms}. */
    @AttributeDefinition(description = "After a provider's load failed, how long until it is tried again, in milliseconds")
    long load_retry_ms() default 10_000;
}
