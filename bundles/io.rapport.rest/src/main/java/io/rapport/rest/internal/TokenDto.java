package io.rapport.rest.internal;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A token as the API shows it; {@code token} (the secret) only in the answer to its creation. */
public class TokenDto {
    public String id;
    public String name;
    public String role;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String token;
    public Instant createdAt;
}
