package io.rapport.persistence.api;

import static java.lang.annotation.ElementType.PACKAGE;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;

/**
 * Put on a class of a bundle that has its own persistence unit ({@code Meta-Persistence} header). It
 * tells the resolver that the bundle needs the JPA extender, and that its
 * {@code EntityManagerFactoryBuilder} is registered for it by that extender, so that the bundle's
 * reference to it resolves.
 */
@Requirement(namespace = "osgi.extender", name = "osgi.jpa", version = "1.1")
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.osgi.service.jpa.EntityManagerFactoryBuilder")
@Retention(CLASS)
@Target({ TYPE, PACKAGE })
public @interface OwnsPersistenceUnit {
}
