package io.rapport.plugins.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Why bundles do not resolve, in plain words: each declared requirement that no capability of any
 * installed bundle matches, e.g. "needs package com.twilio.sdk (version [8.0.0,9.0.0)), which no
 * installed bundle provides".
 */
final class Requirements {
    private Requirements() {
    }

    /** One bundle that cannot resolve and what it misses. */
    static final class Unresolved {
        final String symbolicName;
        /** Symbolic name and version, taken when explained (an update's rollback changes the bundle's version). */
        final String name;
        final List<String> problems;

        Unresolved(Bundle bundle, List<String> problems) {
            this.symbolicName = bundle.getSymbolicName();
            this.name = bundle.getSymbolicName() + " " + bundle.getVersion();
            this.problems = problems;
        }
    }

    static List<Unresolved> explain(BundleContext context, List<Bundle> unresolved) {
        List<Unresolved> result = new ArrayList<>();
        for (Bundle b : unresolved) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            List<String> missing = new ArrayList<>();
            List<String> indirect = new ArrayList<>();
            if (revision != null) {
                for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
                    if (!mandatoryAtResolve(req)) {
                        continue;
                    }
                    List<BundleCapability> providers = providers(context, req);
                    if (providers.isEmpty()) {
                        boolean ee = "osgi.ee".equals(req.getNamespace());
                        missing.add("needs " + describe(req) + ", which " + (ee ? "this runtime does not provide" : "no installed bundle provides")
                                + otherVersions(context, req));
                    } else if (providers.stream().allMatch(c -> cannotResolve(c.getRevision().getBundle(), unresolved))) {
                        Set<String> names = new LinkedHashSet<>();
                        providers.forEach(c -> names.add(c.getRevision().getBundle().getSymbolicName()));
                        indirect.add("needs " + describe(req) + ", which only " + String.join(" and ", names)
                                + (names.size() == 1 ? " provides, and it cannot be resolved either" : " provide, and they cannot be resolved either"));
                    }
                }
            }
            if (missing.isEmpty()) {
                missing.addAll(indirect);
            }
            if (missing.isEmpty()) {
                missing.add("cannot be resolved: " + resolverMessage(b));
            }
            result.add(new Unresolved(b, missing));
        }
        return result;
    }

    private static boolean mandatoryAtResolve(BundleRequirement req) {
        Map<String, String> d = req.getDirectives();
        String resolution = d.get(Constants.RESOLUTION_DIRECTIVE);
        if (Constants.RESOLUTION_OPTIONAL.equals(resolution) || "dynamic".equals(resolution)) {
            return false;
        }
        String effective = d.get(Constants.EFFECTIVE_DIRECTIVE);
        return effective == null || Constants.EFFECTIVE_RESOLVE.equals(effective);
    }

    private static boolean cannotResolve(Bundle b, List<Bundle> unresolved) {
        return unresolved.contains(b) || b.getState() == Bundle.INSTALLED;
    }

    private static List<BundleCapability> providers(BundleContext context, BundleRequirement req) {
        List<BundleCapability> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r == null) {
                continue;
            }
            for (BundleCapability cap : r.getDeclaredCapabilities(req.getNamespace())) {
                if (req.matches(cap)) {
                    found.add(cap);
                }
            }
        }
        return found;
    }

    /** " (installed bundles offer only version 3.0.0, from io.example.old)" when the name is there in another version. */
    private static String otherVersions(BundleContext context, BundleRequirement req) {
        String ns = req.getNamespace();
        String versionAttr = "osgi.wiring.package".equals(ns) ? "version" : "bundle-version";
        if (!ns.equals("osgi.wiring.package") && !ns.equals("osgi.wiring.bundle")) {
            return "";
        }
        String name = attribute(req.getDirectives().get(Constants.FILTER_DIRECTIVE), ns);
        if (name == null) {
            return "";
        }
        List<String> offers = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r == null) {
                continue;
            }
            for (BundleCapability cap : r.getDeclaredCapabilities(ns)) {
                if (name.equals(String.valueOf(cap.getAttributes().get(ns)))) {
                    offers.add(cap.getAttributes().get(versionAttr) + " from " + b.getSymbolicName());
                }
            }
        }
        return offers.isEmpty() ? "" : " (installed bundles offer only version " + String.join(", ", offers) + ")";
    }

    /** A requirement in words: "package com.example (version [1.0.0,2.0.0))". */
    static String describe(BundleRequirement req) {
        String ns = req.getNamespace();
        String filter = req.getDirectives().get(Constants.FILTER_DIRECTIVE);
        if (filter == null) {
            return ns;
        }
        switch (ns) {
            case "osgi.wiring.package":
                return named("package", attribute(filter, ns), filter, "version");
            case "osgi.wiring.bundle":
                return named("bundle", attribute(filter, ns), filter, "bundle-version");
            case "osgi.wiring.host":
                return named("host bundle", attribute(filter, ns), filter, "bundle-version");
            case "osgi.ee": {
                String ee = attribute(filter, ns);
                String v = attribute(filter, "version");
                return ee == null ? "execution environment " + filter : "Java environment " + ee + (v == null ? range(filter, "version") : " " + v);
            }
            case "osgi.extender":
                return named("extender", attribute(filter, ns), filter, "version");
            case "osgi.contract":
                return named("contract", attribute(filter, ns), filter, "version");
            case "osgi.service":
                return named("service", attribute(filter, "objectClass"), filter, null);
            case "osgi.identity":
                return named("bundle", attribute(filter, ns), filter, "version");
            default:
                return "capability " + ns + " " + filter;
        }
    }

    private static String named(String kind, String name, String filter, String versionAttr) {
        if (name == null) {
            return kind + " matching " + filter;
        }
        return kind + " " + name + (versionAttr == null ? "" : range(filter, versionAttr));
    }

    static String attribute(String filter, String name) {
        if (filter == null) {
            return null;
        }
        Matcher m = Pattern.compile("\\(" + Pattern.quote(name) + "=([^)]*)\\)").matcher(filter);
        return m.find() ? m.group(1) : null;
    }

    /** " (version [1.0.0,2.0.0))" from the comparisons of a version attribute in a filter; "" when unconstrained. */
    static String range(String filter, String attr) {
        String a = Pattern.quote(attr);
        String ge = find(filter, "(?<!!)\\(" + a + ">=([^)]*)\\)");
        String notLe = find(filter, "\\(!\\(" + a + "<=([^)]*)\\)\\)");
        String notGe = find(filter, "\\(!\\(" + a + ">=([^)]*)\\)\\)");
        String le = find(filter, "(?<!!)\\(" + a + "<=([^)]*)\\)");
        String eq = find(filter, "(?<!!)\\(" + a + "=([^)]*)\\)");
        String lower = ge != null ? "[" + ge : notLe != null ? "(" + notLe : null;
        String upper = notGe != null ? notGe + ")" : le != null ? le + "]" : null;
        if (eq != null) {
            return " (version " + eq + ")";
        }
        if (lower != null && upper != null) {
            return " (version " + lower + "," + upper + ")";
        }
        if (lower != null) {
            return ge != null && ge.matches("0(\\.0)*") ? "" : " (version " + lower.substring(1) + " or later)";
        }
        if (upper != null) {
            return " (version below " + upper.substring(0, upper.length() - 1) + ")";
        }
        return "";
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The framework's own words, by trying to start the bundle: used when no single requirement is to blame (a uses conflict). */
    private static String resolverMessage(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        if (r != null && (r.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
            return "it is a fragment whose host could not take it";
        }
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop(Bundle.STOP_TRANSIENT);
            return "the framework gave no reason";
        } catch (BundleException | RuntimeException e) {
            return e.getMessage();
        }
    }
}
