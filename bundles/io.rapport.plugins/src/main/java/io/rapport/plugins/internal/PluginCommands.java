package io.rapport.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.platform.errors.RefusedException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.DomainException;
import io.rapport.plugins.api.BundleInfo;
import io.rapport.plugins.api.FeatureInfo;
import io.rapport.plugins.api.PluginInfo;
import io.rapport.plugins.api.PluginManager;
import io.rapport.plugins.api.PluginRefusal;
import io.rapport.plugins.api.ProvidedService;

/**
 * Gogo commands {@code rapport:plugins}, {@code rapport:bundles}, {@code rapport:install <jar path | feature>},
 * {@code rapport:update <symbolic name> <jar path>}, {@code rapport:uninstall <symbolic name | feature>},
 * {@code rapport:features} and {@code rapport:refusals}. A plain service with the Gogo command
 * properties: no dependency on Gogo, and the commands answer plain text (a refusal says why).
 */
@Component(service = PluginCommands.class, property = {
        "osgi.command.scope=rapport",
        "osgi.command.function=plugins",
        "osgi.command.function=bundles",
        "osgi.command.function=install",
        "osgi.command.function=update",
        "osgi.command.function=uninstall",
        "osgi.command.function=features",
        "osgi.command.function=refusals" })
public class PluginCommands {
    private final PluginManager plugins;

    @Activate
    public PluginCommands(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    public String plugins() {
        List<PluginInfo> all = plugins.list();
        if (all.isEmpty()) {
            return "No plugins installed.";
        }
        StringBuilder out = new StringBuilder();
        for (PluginInfo p : all) {
            out.append(String.format("%5d  %-9s %-8s %s %s  (%s)%n", p.bundleId, p.state, p.status, p.symbolicName, p.version, p.source));
            if (p.message != null) {
                out.append("       ").append(p.message).append('\n');
            }
            for (ProvidedService s : p.provides) {
                out.append("       provides ").append(s).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    public String bundles() {
        return plugins.bundles().stream()
                .map(b -> String.format("%5d  %-9s %-6s %s %s%s", b.bundleId, b.state, b.kind, b.symbolicName, b.version,
                        b.source == null ? "" : "  (" + b.source + ")"))
                .collect(Collectors.joining("\n"));
    }

    /** Installs a jar file (a path) or a feature (a name in features/). */
    public String install(String jarOrFeature) {
        try {
            Path path = Paths.get(jarOrFeature);
            if (jarOrFeature.endsWith(".jar") || Files.isRegularFile(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    PluginInfo p = plugins.install(path.getFileName().toString(), in);
                    return "Installed " + p.symbolicName + " " + p.version + " (bundle " + p.bundleId + ", " + p.state + ").";
                }
            }
            FeatureInfo f = plugins.installFeature(jarOrFeature);
            return "Installed feature " + f.name + ": " + f.plugins.stream().map(p -> p.symbolicName + " " + p.version + " " + p.state)
                    .collect(Collectors.joining(", ")) + ".";
        } catch (DomainException e) {
            return refused(e);
        } catch (IOException | RuntimeException e) {
            return "Failed: " + e.getMessage();
        }
    }

    public String update(String symbolicName, String jarPath) {
        try (InputStream in = Files.newInputStream(Paths.get(jarPath))) {
            PluginInfo p = plugins.update(symbolicName, in);
            return "Updated " + p.symbolicName + " to " + p.version + " (" + p.state + ").";
        } catch (DomainException e) {
            return refused(e);
        } catch (IOException | RuntimeException e) {
            return "Failed: " + e.getMessage();
        }
    }

    /** Removes an uploaded plugin (by symbolic name) or an installed feature (by name). */
    public String uninstall(String symbolicNameOrFeature) {
        try {
            if (plugins.get(symbolicNameOrFeature).isEmpty()
                    && plugins.feature(symbolicNameOrFeature).map(f -> f.installed).orElse(false)) {
                plugins.uninstallFeature(symbolicNameOrFeature);
                return "Uninstalled feature " + symbolicNameOrFeature + ".";
            }
            plugins.uninstall(symbolicNameOrFeature);
            return "Uninstalled " + symbolicNameOrFeature + ".";
        } catch (DomainException e) {
            return refused(e);
        }
    }

    public String features() {
        List<FeatureInfo> all = plugins.features();
        if (all.isEmpty()) {
            return "No features in features/.";
        }
        StringBuilder out = new StringBuilder();
        for (FeatureInfo f : all) {
            out.append(f.installed ? "installed  " : "available  ").append(f.name).append("  (").append(f.source).append(")\n");
            for (String b : f.bundles) {
                out.append("           bundle ").append(b).append('\n');
            }
            for (String c : f.configurations) {
                out.append("           configuration ").append(c).append('\n');
            }
            if (f.problem != null) {
                out.append("           problem: ").append(f.problem).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    public String refusals() {
        List<PluginRefusal> all = plugins.refusals();
        if (all.isEmpty()) {
            return "No refused installs.";
        }
        return all.stream().map(r -> r.time + "  " + r.source + "\n    " + r.reason).collect(Collectors.joining("\n"));
    }

    private static String refused(DomainException e) {
        StringBuilder out = new StringBuilder(e instanceof RefusedException ? "Refused: " : "Failed (" + e.title + "): ").append(e.detail);
        if (e instanceof RefusedException) {
            for (FieldError f : e.errors) {
                out.append("\n    ").append(f.field).append(' ').append(f.message);
            }
        }
        return out.toString();
    }
}
