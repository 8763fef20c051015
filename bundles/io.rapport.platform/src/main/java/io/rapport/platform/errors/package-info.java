/**
 * What a domain service throws when it cannot do what was asked: the request is invalid, the thing does
 * not exist, it conflicts with another, the caller read a stale version, may not do it, or a part of the
 * platform is not available now. They speak the domain, not HTTP: the REST bundle's one mapper turns each
 * kind into its {@code application/problem+json} answer (see {@code docs/architecture.md}).
 */
@Export
@Version("1.0.0")
package io.rapport.platform.errors;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
