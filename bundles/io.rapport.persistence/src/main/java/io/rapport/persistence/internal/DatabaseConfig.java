package io.rapport.persistence.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport database", description = "Where every Rapport bundle keeps its tables.")
public @interface DatabaseConfig {
    String PID = "io.rapport.persistence";

    @AttributeDefinition(description = "JDBC URL. Empty: embedded Derby in <rapport.home>/data/derby. "
            + "For PostgreSQL: jdbc:postgresql://host:5432/rapport")
    String url() default "";

    @AttributeDefinition(description = "Database user (empty for embedded Derby)")
    String user() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Database password")
    String password() default "";

    /** Configuration key {@code pool.max.idle}. */
    @AttributeDefinition(description = "Most idle connections kept open for reuse")
    int pool_max_idle() default 8;
}
