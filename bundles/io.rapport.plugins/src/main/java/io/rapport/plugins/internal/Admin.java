package io.rapport.plugins.internal;

import javax.ws.rs.core.SecurityContext;

import io.rapport.platform.errors.ForbiddenException;
import io.rapport.platform.api.Caller;
import io.rapport.platform.errors.DomainException;

/** The plugin endpoints change what code runs: admin tokens only. */
final class Admin {
    private Admin() {
    }

    static Caller require(SecurityContext security) {
        Caller caller = security == null ? null : (Caller) security.getUserPrincipal();
        if (caller == null || !caller.isAdmin()) {
            throw new ForbiddenException("Plugins, features and bundles are managed with an admin token only.");
        }
        return caller;
    }
}
