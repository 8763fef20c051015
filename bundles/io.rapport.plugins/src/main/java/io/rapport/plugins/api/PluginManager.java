package io.rapport.plugins.api;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and removes plugins while Rapport runs.
 * <p>
 * A plugin is a bundle installed through the plugin manager: dropped into {@code deploy/}, uploaded
 * (REST or Gogo) or brought by a feature. Every other bundle is core: the runtime's own bundles and
 * anything installed by other means (the launcher, the debug shell); the plugin manager never updates or
 * removes those.
 * <p>
 * Every install is all or nothing: the bundles are installed, resolved against the running framework,
 * and started only when all of them resolve. Otherwise everything the attempt installed is removed
 * again and a {@link PluginRefusedException} says what is missing and who needs it. Only the bundles an
 * operation touched are refreshed, never the whole framework.
 */
@ProviderType
public interface PluginManager {
    /** The plugins, by symbolic name. */
    List<PluginInfo> list();

    /** The plugin with this symbolic name, if one is installed. */
    Optional<PluginInfo> get(String symbolicName);

    /** Every bundle in the framework, core and plugins, by bundle id. */
    List<BundleInfo> bundles();

    /**
     * Installs and starts a plugin jar.
     *
     * @param source what the jar is called, for messages: a file name, or {@code "upload"}
     * @throws PluginRefusedException when it is no bundle, cannot resolve, or fails to start;
     *             nothing stays installed
     * @throws io.rapport.platform.errors.ConflictException when a bundle with its symbolic name is
     *             already installed (update it instead)
     * @throws io.rapport.platform.errors.InvalidException when the body is empty
     */
    PluginInfo install(String source, InputStream jar);

    /**
     * Replaces an uploaded plugin with a new jar of the same symbolic name. When the new version cannot
     * resolve or start, the previous jar is restored (and restarted) and the update refused.
     *
     * @throws io.rapport.platform.errors.NotFoundException when no plugin has this name
     * @throws io.rapport.platform.errors.ConflictException when it is a core bundle, comes from {@code deploy/} (replace the file) or belongs to a feature
     */
    PluginInfo update(String symbolicName, InputStream jar);

    /**
     * Stops and removes an uploaded plugin, refreshing only it and the bundles wired to it.
     *
     * @throws io.rapport.platform.errors.DomainException not found or conflict as for {@link #update}
     */
    void uninstall(String symbolicName);

    /** The available features (the files in {@code features/}) and the installed ones, by name. */
    List<FeatureInfo> features();

    /** One feature, available or installed. */
    Optional<FeatureInfo> feature(String name);

    /**
     * Installs a feature from {@code features/<name>.json}: its bundles all or nothing (bundles already
     * installed are shared) and its configurations (never overwriting one the operator has).
     *
     * @throws io.rapport.platform.errors.NotFoundException when there is no such feature
     * @throws io.rapport.platform.errors.ConflictException when it is installed already
     * @throws PluginRefusedException when the feature is not valid, a bundle is not in the repository,
     *             or its bundles cannot resolve or start
     */
    FeatureInfo installFeature(String name);

    /**
     * Removes a feature: the configurations it created and the bundles it installed, except those
     * another installed feature also lists.
     *
     * @throws io.rapport.platform.errors.NotFoundException when it is not installed
     * @throws io.rapport.platform.errors.ConflictException when it was installed from {@code deploy/}
     *             (remove the file)
     */
    void uninstallFeature(String name);

    /**
     * Recent refused installs and updates, newest first (at most {@value #REFUSALS_KEPT}), kept in
     * memory. A refusal is forgotten when its source later installs fine or its file leaves
     * {@code deploy/}.
     */
    List<PluginRefusal> refusals();

    int REFUSALS_KEPT = 20;
}
