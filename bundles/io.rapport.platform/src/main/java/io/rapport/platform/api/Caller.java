package io.rapport.platform.api;

import java.security.Principal;

/**
 * Who makes a REST request: the token's id, its name and its role. Resources get it from
 * {@code SecurityContext.getUserPrincipal()}; notes and the timeline record it as author or actor.
 */
public final class Caller implements Principal {
    public final String tokenId;
    public final String name;
    public final String role;

    public Caller(String tokenId, String name, String role) {
        this.tokenId = tokenId;
        this.name = name;
        this.role = role;
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean isAdmin() {
        return RestApi.ROLE_ADMIN.equals(role);
    }

    @Override
    public String toString() {
        return name + " (" + role + ")";
    }
}
