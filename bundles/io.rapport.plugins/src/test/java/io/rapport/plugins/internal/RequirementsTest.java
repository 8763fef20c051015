package io.rapport.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

class RequirementsTest {
    private static BundleRequirement requirement(String namespace, String filter) {
        return new BundleRequirement() {
            @Override
            public BundleRevision getRevision() {
                return null;
            }

            @Override
            public boolean matches(BundleCapability capability) {
                return false;
            }

            @Override
            public String getNamespace() {
                return namespace;
            }

            @Override
            public Map<String, String> getDirectives() {
                return Map.of("filter", filter);
            }

            @Override
            public Map<String, Object> getAttributes() {
                return Map.of();
            }

            @Override
            public BundleRevision getResource() {
                return null;
            }
        };
    }

    @Test
    void describesRequirementsInWords() {
        assertEquals("package com.twilio.sdk (version [8.0.0,9.0.0))", Requirements.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=com.twilio.sdk)(version>=8.0.0)(!(version>=9.0.0)))")));
        assertEquals("package a.b", Requirements.describe(requirement("osgi.wiring.package", "(osgi.wiring.package=a.b)")));
        assertEquals("package a.b (version 1.2.0 or later)", Requirements.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(version>=1.2.0))")));
        assertEquals("package a.b (version (1.0.0,2.0.0])", Requirements.describe(requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=a.b)(!(version<=1.0.0))(version<=2.0.0))")));
        assertEquals("bundle org.example (version [1.0.0,2.0.0))", Requirements.describe(requirement("osgi.wiring.bundle",
                "(&(osgi.wiring.bundle=org.example)(bundle-version>=1.0.0)(!(bundle-version>=2.0.0)))")));
        assertEquals("Java environment JavaSE 21", Requirements.describe(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=21))")));
        assertEquals("extender osgi.component (version [1.5.0,2.0.0))", Requirements.describe(requirement("osgi.extender",
                "(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))")));
        assertEquals("capability x.y (z=1)", Requirements.describe(requirement("x.y", "(z=1)")));
    }
}
