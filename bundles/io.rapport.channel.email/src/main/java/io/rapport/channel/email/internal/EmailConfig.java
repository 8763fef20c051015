package io.rapport.channel.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport email channel",
        description = "Mail in over SMTP (a server in Rapport), agents' replies out through an SMTP relay")
public @interface EmailConfig {
    String PID = "io.rapport.channel.email";

    /** Key {@code channel}. */
    @AttributeDefinition(description = "The channel's name: lower case letters, digits and '-'")
    String channel() default "email";

    /** Key {@code smtp.host}. */
    @AttributeDefinition(description = "Address the SMTP server listens on. The default accepts mail from this machine "
            + "only (e.g. from the MTA in front of Rapport); 0.0.0.0 accepts it from anywhere")
    String smtp_host() default "127.0.0.1";

    /** Key {@code smtp.port}. */
    @AttributeDefinition(description = "Port of the SMTP server; 0 picks a free one (logged, and shown in the service "
            + "property rapport.channel.email.smtp)")
    int smtp_port() default 2525;

    /** Key {@code accepted.domains}. */
    @AttributeDefinition(required = false, description = "Recipient domains mail is accepted for (comma-separated); "
            + "empty accepts any. Other recipients are refused with 550")
    String[] accepted_domains() default {};

    /** Key {@code max.message.bytes}. */
    @AttributeDefinition(description = "Largest message accepted, in bytes; larger ones are refused with 552")
    int max_message_bytes() default 10 * 1024 * 1024;

    /** Key {@code relay.host}; replies are delivered only when it and from.address are set. */
    @AttributeDefinition(required = false, description = "SMTP relay that replies are sent through")
    String relay_host() default "";

    /** Key {@code relay.port}. */
    @AttributeDefinition(description = "Port of the relay (587: submission)")
    int relay_port() default 587;

    /** Key {@code relay.username}. */
    @AttributeDefinition(required = false, description = "User name at the relay; empty: no authentication")
    String relay_username() default "";

    /** Key {@code relay.password}. */
    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password at the relay")
    String relay_password() default "";

    /** Key {@code relay.starttls}. */
    @AttributeDefinition(description = "Require STARTTLS with the relay (true), or talk to it in plain text (false, "
            + "only for a relay on this machine or a trusted network)")
    boolean relay_starttls() default true;

    /** Key {@code from.address}. */
    @AttributeDefinition(required = false, description = "From of replies, e.g. \"Acme Support <support@acme.example>\"")
    String from_address() default "";

    /** Key {@code label}. */
    @AttributeDefinition(required = false, description = "A name for people, e.g. \"support@acme.example\"")
    String label() default "";
}
