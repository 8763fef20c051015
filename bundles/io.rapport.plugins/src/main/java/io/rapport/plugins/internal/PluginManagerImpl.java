package io.rapport.plugins.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.RapportHome;
import io.rapport.plugins.api.BundleInfo;
import io.rapport.plugins.api.FeatureInfo;
import io.rapport.plugins.api.PluginInfo;
import io.rapport.plugins.api.PluginManager;
import io.rapport.plugins.api.PluginRefusal;
import io.rapport.plugins.api.PluginRefusedException;
import io.rapport.plugins.api.ProvidedService;
import io.rapport.plugins.internal.Jars.Candidate;
import io.rapport.plugins.internal.PluginState.InstalledFeature;
import io.rapport.plugins.internal.Requirements.Unresolved;

/**
 * The plugin manager. Bundles it installs get locations {@code rapport:deploy/<file>},
 * {@code rapport:upload/<symbolic name>} or {@code rapport:feature/<feature>/<symbolic name>}: the
 * location says where a plugin came from, and every bundle without such a location is core.
 * <p>
 * Operations run one at a time (one lock). Each install resolves what it installed before starting
 * anything and removes it all again when something does not resolve or start. Refreshes are limited to
 * the bundles an operation removed or updated; the framework adds only the bundles wired to them.
 */
@Component(service = PluginManager.class, immediate = true, configurationPid = PluginsConfig.PID)
@Designate(ocd = PluginsConfig.class)
public class PluginManagerImpl implements PluginManager {
    private static final Logger LOG = LoggerFactory.getLogger(PluginManagerImpl.class);
    static final String LOCATION_PREFIX = "rapport:";
    static final String DEPLOY = "rapport:deploy/";
    static final String UPLOAD = "rapport:upload/";
    static final String FEATURE = "rapport:feature/";
    static final String UPLOAD_SOURCE = "upload";

    private final BundleContext context;
    private final PluginGuard guard;
    private final ConfigurationAdmin configAdmin;
    private final FrameworkWiring wiring;
    private final Path home;
    private final Path featuresDir;
    private final List<Path> repositories;
    private final long refreshTimeoutSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final PluginStore store;
    private final Refusals refusals = new Refusals();
    private final BundleListener forgetter;
    private final DeployWatcher watcher;

    /** Guarded by {@link #lock}. */
    private final PluginState state;

    @Activate
    public PluginManagerImpl(BundleContext context, PluginsConfig config, @Reference PluginGuard guard,
            @Reference ConfigurationAdmin configAdmin) throws IOException {
        this.context = context;
        this.guard = guard;
        this.configAdmin = configAdmin;
        this.wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        this.home = RapportHome.home(context);
        Path deployDir = home.resolve("deploy");
        this.featuresDir = home.resolve("features");
        this.repositories = List.of(home.resolve("repository"), Paths.get(System.getProperty("user.home"), ".m2", "repository"));
        this.refreshTimeoutSeconds = Math.max(1, config.refresh_timeout_seconds());
        Files.createDirectories(deployDir);
        Files.createDirectories(featuresDir);
        this.store = new PluginStore(context, RapportHome.data(context).resolve("plugins").resolve("state.json"));
        this.state = store.load();
        // a removed or updated plugin starts with a clean record in the guard
        this.forgetter = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED || event.getType() == BundleEvent.UPDATED) {
                guard.forget(event.getBundle().getBundleId());
            }
            if (event.getType() == BundleEvent.UNINSTALLED) {
                store.deleteJarCopy(event.getBundle());
            }
        };
        context.addBundleListener(forgetter);
        this.watcher = new DeployWatcher(this, deployDir, Math.max(50, config.deploy_poll_millis()));
        watcher.start();
        LOG.info("Plugin manager: watching {} every {} ms; features from {}", deployDir, config.deploy_poll_millis(), featuresDir);
    }

    @Deactivate
    void deactivate() {
        watcher.stop();
        context.removeBundleListener(forgetter);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<PluginInfo> list() {
        Map<Long, PluginStatus> statuses = statuses();
        return Arrays.stream(context.getBundles()).filter(PluginManagerImpl::isPlugin)
                .sorted(Comparator.comparing((Bundle b) -> String.valueOf(b.getSymbolicName())).thenComparing(Bundle::getBundleId))
                .map(b -> info(b, statuses)).filter(i -> i != null).collect(Collectors.toList());
    }

    @Override
    public Optional<PluginInfo> get(String symbolicName) {
        Bundle b = bySymbolicName(symbolicName);
        return b == null || !isPlugin(b) ? Optional.empty() : Optional.ofNullable(info(b, statuses()));
    }

    @Override
    public List<BundleInfo> bundles() {
        List<BundleInfo> all = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean plugin = isPlugin(b);
            all.add(new BundleInfo(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), stateText(b.getState()),
                    plugin ? BundleInfo.PLUGIN : BundleInfo.CORE, plugin ? sourceOf(b.getLocation()) : null));
        }
        all.sort(Comparator.comparingLong(i -> i.bundleId));
        return all;
    }

    @Override
    public List<PluginRefusal> refusals() {
        return refusals.list();
    }

    @Override
    public List<FeatureInfo> features() {
        Map<String, InstalledFeature> installed = store.installedFeatures();
        Set<String> names = new TreeSet<>(installed.keySet());
        names.addAll(availableFeatures());
        List<FeatureInfo> all = new ArrayList<>();
        Map<Long, PluginStatus> statuses = statuses();
        for (String name : names) {
            all.add(featureInfo(name, installed.get(name), statuses));
        }
        return all;
    }

    @Override
    public Optional<FeatureInfo> feature(String name) {
        if (name == null || !FeatureFile.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        InstalledFeature installed = store.installedFeatures().get(name);
        if (installed == null && !Files.isRegularFile(featuresDir.resolve(name + ".json"))) {
            return Optional.empty();
        }
        return Optional.of(featureInfo(name, installed, statuses()));
    }

    private List<String> availableFeatures() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(featuresDir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .filter(n -> FeatureFile.NAME.matcher(n).matches()).forEach(names::add);
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", featuresDir, e.toString());
        }
        return names;
    }

    private FeatureInfo featureInfo(String name, InstalledFeature installed, Map<Long, PluginStatus> statuses) {
        String source = installed != null ? installed.source : "features/" + name + ".json";
        Path file = home.resolve(source);
        FeatureFile f = null;
        String problem = null;
        if (Files.isRegularFile(file)) {
            try {
                f = FeatureFile.read(file);
            } catch (IOException e) {
                problem = source + " cannot be read: " + e.getMessage();
            } catch (FeatureFile.InvalidFeature e) {
                problem = source + " is not a valid feature: " + e.getMessage();
            }
        } else if (installed != null && source.startsWith("features/")) {
            problem = source + " is gone; the feature stays installed until it is uninstalled";
        }
        List<PluginInfo> plugins = new ArrayList<>();
        if (installed != null) {
            for (String bsn : installed.bundles) {
                Bundle b = bySymbolicName(bsn);
                PluginInfo info = b != null && isPlugin(b) ? info(b, statuses) : null;
                if (info != null) {
                    plugins.add(info);
                }
            }
        }
        List<String> coordinates = installed != null ? installed.coordinates : f != null ? f.bundles : List.of();
        List<String> configurations = installed != null ? installed.configurationKeys
                : f != null ? new ArrayList<>(f.configurations.keySet()) : List.of();
        return new FeatureInfo(name, installed != null ? installed.id : f != null ? f.id : null, f != null ? f.title : null,
                f != null ? f.description : null, source, installed != null, coordinates, configurations, plugins, problem);
    }

    private Map<Long, PluginStatus> statuses() {
        Map<Long, PluginStatus> byId = new HashMap<>();
        for (PluginStatus s : guard.statuses()) {
            byId.put(s.bundleId, s);
        }
        return byId;
    }

    private PluginInfo info(Bundle b, Map<Long, PluginStatus> statuses) {
        try {
            PluginStatus status = statuses.get(b.getBundleId());
            String location = b.getLocation();
            return new PluginInfo(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), stateText(b.getState()),
                    sourceOf(location), featureOf(location), provides(b), status == null ? PluginStatus.State.OK.name() : status.state.name(),
                    status == null ? null : status.message, Instant.ofEpochMilli(b.getLastModified()));
        } catch (IllegalStateException e) { // uninstalled meanwhile
            return null;
        }
    }

    /** The services a bundle registers, one entry per interface, with their {@code rapport.*} properties. */
    private static List<ProvidedService> provides(Bundle b) {
        List<ProvidedService> provided = new ArrayList<>();
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs == null) {
            return provided;
        }
        for (ServiceReference<?> ref : refs) {
            Map<String, Object> props = new TreeMap<>();
            for (String key : ref.getPropertyKeys()) {
                Object value = ref.getProperty(key);
                if (key.startsWith("rapport.") && value != null) {
                    props.put(key, plain(value));
                }
            }
            for (String service : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                provided.add(new ProvidedService(service, props));
            }
        }
        provided.sort(Comparator.comparing(p -> p.service));
        return provided;
    }

    private static Object plain(Object value) {
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(String.valueOf(Array.get(value, i)));
            }
            return list;
        }
        return value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    }

    static boolean isPlugin(Bundle b) {
        return b.getLocation().startsWith(LOCATION_PREFIX);
    }

    /** A deploy/ file that is gone (or became readable again): its refusals no longer apply. */
    void forgetRefusals(String source) {
        refusals.forget(source);
    }

    /** {@code deploy/<file>}, {@code upload} or {@code feature:<name>}. */
    private String sourceOf(String location) {
        if (location.startsWith(DEPLOY)) {
            return "deploy/" + location.substring(DEPLOY.length());
        }
        if (location.startsWith(UPLOAD)) {
            return UPLOAD_SOURCE;
        }
        String feature = featureOf(location);
        return feature != null ? "feature:" + feature : location;
    }

    /** The installed feature responsible for the bundle at this location, or null. */
    private String featureOf(String location) {
        if (!location.startsWith(FEATURE)) {
            return null;
        }
        for (Map.Entry<String, InstalledFeature> e : store.installedFeatures().entrySet()) {
            if (e.getValue().owned.contains(location)) {
                return e.getKey();
            }
        }
        String rest = location.substring(FEATURE.length());
        return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    }

    private Bundle bySymbolicName(String symbolicName) {
        if (symbolicName == null) {
            return null;
        }
        Bundle found = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && (found == null || isPlugin(b))) {
                found = b;
            }
        }
        return found;
    }

    static String stateText(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "STATE " + state;
        }
    }

    // ---------------------------------------------------------------- operator operations

    @Override
    public PluginInfo install(String source, InputStream jar) {
        byte[] bytes = body(jar);
        boolean named = source != null && !source.isBlank() && !UPLOAD_SOURCE.equals(source);
        String label = named ? source : "The uploaded jar";
        lock.lock();
        try {
            Candidate c = candidate(bytes, label, UPLOAD_SOURCE);
            c = c.at(UPLOAD + c.symbolicName);
            requireNotInstalled(c.symbolicName);
            if (context.getBundle(c.location) != null) {
                throw new ConflictException("symbolic_name", c.symbolicName + " is already installed; update or remove it first.");
            }
            List<Bundle> installed = installAll(UPLOAD_SOURCE, List.of(c), null, " Nothing was installed.");
            refusals.cleared(UPLOAD_SOURCE, Set.of(c.symbolicName));
            LOG.info("Installed plugin {} from an upload{}", c.name(), named ? " (" + source + ")" : "");
            return info(installed.get(0), statuses());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PluginInfo update(String symbolicName, InputStream jar) {
        byte[] bytes = body(jar);
        lock.lock();
        try {
            Bundle b = managedPlugin(symbolicName, "updated");
            Candidate c = candidate(bytes, "The uploaded jar", UPLOAD_SOURCE);
            if (!c.symbolicName.equals(symbolicName)) {
                throw new InvalidException("symbolic_name", "the jar is " + c.symbolicName + ", not " + symbolicName
                        + "; a plugin is updated with a jar of the same symbolic name");
            }
            doUpdate(b, c.at(b.getLocation()), UPLOAD_SOURCE);
            refusals.cleared(UPLOAD_SOURCE, Set.of(symbolicName));
            LOG.info("Updated plugin {} from an upload", c.name());
            return info(b, statuses());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void uninstall(String symbolicName) {
        lock.lock();
        try {
            Bundle b = managedPlugin(symbolicName, "removed");
            String name = b.getSymbolicName() + " " + b.getVersion();
            doUninstall(List.of(b));
            LOG.info("Uninstalled plugin {}", name);
        } finally {
            lock.unlock();
        }
    }

    /** An uploaded plugin, or the reason it cannot be changed through the API (404, 409). */
    private Bundle managedPlugin(String symbolicName, String verb) {
        Bundle b = bySymbolicName(symbolicName);
        if (b == null) {
            throw new NotFoundException("No plugin with symbolic name '" + symbolicName + "'.");
        }
        if (!isPlugin(b)) {
            throw new ConflictException("symbolic_name", symbolicName + " is part of the core runtime (bundle " + b.getBundleId()
                    + "), not a plugin: it cannot be " + verb + " through the plugin API.");
        }
        String location = b.getLocation();
        if (location.startsWith(DEPLOY)) {
            String file = location.substring(DEPLOY.length());
            throw new ConflictException("symbolic_name", symbolicName + " was installed from deploy/" + file + ": "
                    + ("removed".equals(verb) ? "delete that file" : "replace that file") + " to have it " + verb + ".");
        }
        if (location.startsWith(FEATURE)) {
            String feature = featureOf(location);
            throw new ConflictException("symbolic_name", symbolicName + " belongs to the feature " + feature
                    + ": it is " + verb + " with its feature (DELETE /api/v1/features/" + feature + ").");
        }
        return b;
    }

    private void requireNotInstalled(String symbolicName) {
        Bundle existing = bySymbolicName(symbolicName);
        if (existing == null) {
            return;
        }
        if (isPlugin(existing)) {
            throw new ConflictException("symbolic_name", symbolicName + " is already installed (version " + existing.getVersion()
                    + ", from " + sourceOf(existing.getLocation()) + "). Update it (PUT /api/v1/plugins/" + symbolicName
                    + ") or remove it first.");
        }
        throw new ConflictException("symbolic_name", symbolicName + " is part of the core runtime (bundle " + existing.getBundleId()
                + ", version " + existing.getVersion() + "); a plugin cannot replace it.");
    }

    private static byte[] body(InputStream jar) {
        byte[] bytes;
        try {
            bytes = jar == null ? new byte[0] : Jars.readAll(jar);
        } catch (IOException e) {
            throw new InvalidException(InvalidException.TITLE, "The jar could not be read: " + e.getMessage(), List.of());
        }
        if (bytes.length == 0) {
            throw new InvalidException("Missing body", "Send the plugin jar as the request body.", List.of());
        }
        return bytes;
    }

    private Candidate candidate(byte[] bytes, String label, String source) {
        try {
            return Jars.candidate(bytes, label);
        } catch (IllegalArgumentException e) {
            throw refusals.refuse(source, null, null, e.getMessage() + ". Nothing was installed.", List.of(new FieldError("jar", e.getMessage())));
        }
    }

    // ---------------------------------------------------------------- features

    @Override
    public FeatureInfo installFeature(String name) {
        if (name == null || !FeatureFile.NAME.matcher(name).matches()) {
            throw new InvalidException("feature", "must be the name of a feature in features/ (letters, digits, '.', '_' and '-')");
        }
        lock.lock();
        try {
            InstalledFeature existing = state.features.get(name);
            if (existing != null) {
                throw new ConflictException("feature", "The feature " + name + " is already installed (from " + existing.source + ").");
            }
            Path file = featuresDir.resolve(name + ".json");
            if (!Files.isRegularFile(file)) {
                List<String> available = availableFeatures();
                throw new NotFoundException("No feature '" + name + "' in features/ (available: "
                        + (available.isEmpty() ? "none" : String.join(", ", available)) + ").");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw refusals.refuse("feature:" + name, null, null, "features/" + name + ".json cannot be read: " + e.getMessage(), List.of());
            }
            doInstallFeature(name, "features/" + name + ".json", bytes);
            return featureInfo(name, store.installedFeatures().get(name), statuses());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void uninstallFeature(String name) {
        lock.lock();
        try {
            InstalledFeature f = name == null ? null : state.features.get(name);
            if (f == null) {
                throw new NotFoundException("The feature '" + name + "' is not installed.");
            }
            if (f.source.startsWith("deploy/")) {
                throw new ConflictException("feature", "The feature " + name + " was installed from " + f.source
                        + ": delete that file to uninstall it.");
            }
            doUninstallFeature(name);
        } finally {
            lock.unlock();
        }
    }

    /** Installs a feature all or nothing and records it. Caller holds the lock. */
    private void doInstallFeature(String name, String sourceFile, byte[] bytes) {
        String source = "feature:" + name;
        String tail = " The feature " + name + " was not installed; nothing was changed.";
        FeatureFile f;
        try {
            f = FeatureFile.parse(bytes);
        } catch (FeatureFile.InvalidFeature e) {
            throw refusals.refuse(source, null, null, "The feature " + name + " (" + sourceFile + ") is not valid: " + e.getMessage() + "." + tail, e.errors);
        }
        List<FieldError> missing = new ArrayList<>();
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String coordinates : f.bundles) {
            Path jar = locate(coordinates);
            if (jar == null) {
                missing.add(new FieldError(coordinates, "is not in " + repositories.get(0) + " nor in " + repositories.get(1)));
            } else {
                jars.put(coordinates, jar);
            }
        }
        if (!missing.isEmpty()) {
            throw refusals.refuse(source, null, null, "The feature " + name + " needs "
                    + missing.stream().map(e -> e.field).collect(Collectors.joining(", "))
                    + ", which " + (missing.size() == 1 ? "is" : "are") + " not in the repository (" + repositories.get(0) + " or "
                    + repositories.get(1) + ")." + tail, missing);
        }
        List<Candidate> candidates = new ArrayList<>();
        Set<String> symbolicNames = new LinkedHashSet<>();
        for (Map.Entry<String, Path> e : jars.entrySet()) {
            byte[] jar;
            try {
                jar = Files.readAllBytes(e.getValue());
            } catch (IOException ex) {
                throw refusals.refuse(source, null, null, e.getValue() + " cannot be read: " + ex.getMessage() + "." + tail, List.of());
            }
            Candidate c = candidate(jar, e.getKey() + " (" + e.getValue() + ")", source);
            if (symbolicNames.add(c.symbolicName) && bySymbolicName(c.symbolicName) == null) {
                candidates.add(c.at(FEATURE + name + "/" + c.symbolicName));
            }
        }
        Map<String, String> created = new LinkedHashMap<>();
        List<Bundle> installed;
        try {
            installed = installAll(source, candidates, () -> createConfigurations(f, created), tail);
        } catch (RuntimeException e) {
            deleteConfigurations(created.values());
            throw e;
        }
        InstalledFeature record = new InstalledFeature();
        record.id = f.id;
        record.source = sourceFile;
        record.coordinates = new ArrayList<>(f.bundles);
        record.bundles = new ArrayList<>(symbolicNames);
        record.owned = installed.stream().map(Bundle::getLocation).collect(Collectors.toList());
        record.configurations = created;
        record.configurationKeys = new ArrayList<>(f.configurations.keySet());
        state.features.put(name, record);
        store.save(state);
        refusals.cleared(source, symbolicNames);
        LOG.info("Installed feature {} from {}: bundles {}, new configurations {}", name, sourceFile, symbolicNames, created.values());
    }

    /** Removes a feature's configurations and bundles, except what another installed feature lists. Caller holds the lock. */
    private void doUninstallFeature(String name) {
        InstalledFeature f = state.features.remove(name);
        if (f == null) {
            return;
        }
        List<String> deleted = new ArrayList<>();
        for (Map.Entry<String, String> c : f.configurations.entrySet()) {
            InstalledFeature other = state.features.values().stream().filter(o -> o.configurationKeys.contains(c.getKey())).findFirst().orElse(null);
            if (other != null) {
                other.configurations.put(c.getKey(), c.getValue());
            } else {
                deleted.add(c.getValue());
            }
        }
        deleteConfigurations(deleted);
        List<Bundle> removed = new ArrayList<>();
        for (String location : f.owned) {
            Bundle b = context.getBundle(location);
            if (b == null) {
                continue;
            }
            InstalledFeature other = state.features.values().stream().filter(o -> o.bundles.contains(b.getSymbolicName())).findFirst().orElse(null);
            if (other != null) {
                other.owned.add(location);
            } else {
                removed.add(b);
            }
        }
        doUninstall(removed);
        store.save(state);
        LOG.info("Uninstalled feature {}: bundles {}, configurations {}", name,
                removed.stream().map(Bundle::getSymbolicName).collect(Collectors.toList()), deleted);
    }

    private Path locate(String coordinates) {
        String relative = FeatureFile.repositoryPath(coordinates);
        if (relative == null) {
            return null;
        }
        for (Path repository : repositories) {
            Path jar = repository.resolve(relative).normalize();
            if (jar.startsWith(repository) && Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    /** Creates the feature's configurations that do not exist yet; {@code created} gets key to PID of each one made. */
    private void createConfigurations(FeatureFile f, Map<String, String> created) {
        for (Map.Entry<String, Map<String, Object>> e : f.configurations.entrySet()) {
            String key = e.getKey();
            try {
                int tilde = key.indexOf('~');
                Configuration c = tilde > 0
                        ? configAdmin.getFactoryConfiguration(key.substring(0, tilde), key.substring(tilde + 1), "?")
                        : configAdmin.getConfiguration(key, "?");
                if (c.getProperties() != null) {
                    LOG.info("Feature configuration {} exists already: kept as the operator set it", key);
                    continue;
                }
                c.update(FeatureFile.properties(e.getValue()));
                created.put(key, c.getPid());
            } catch (IOException ex) {
                throw new UncheckedIOException("configuration " + key + " could not be created: " + ex.getMessage(), ex);
            }
        }
    }

    private void deleteConfigurations(Collection<String> pids) {
        for (String pid : pids) {
            try {
                Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + escapeFilter(pid) + ")");
                if (found != null) {
                    for (Configuration c : found) {
                        c.delete();
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("Configuration {} could not be deleted: {}", pid, e.toString());
            }
        }
    }

    private static String escapeFilter(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }

    // ---------------------------------------------------------------- deploy/ (called by the watcher)

    /** The content hash installed from a deploy/ file, when what it installed is still there. */
    boolean isDeployed(String file, String hash) {
        lock.lock();
        try {
            if (!hash.equals(state.deploy.get(file))) {
                return false;
            }
            if (file.endsWith(".jar")) {
                return context.getBundle(DEPLOY + file) != null;
            }
            InstalledFeature f = state.features.get(baseName(file));
            return f != null && f.source.equals("deploy/" + file);
        } finally {
            lock.unlock();
        }
    }

    /** The deploy/ files something is installed from. */
    Set<String> deployedFiles() {
        lock.lock();
        try {
            return new TreeSet<>(state.deploy.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Installs or updates the bundle of a deploy/ jar; false when refused (logged and kept in the refusals). */
    boolean deployJar(String file, byte[] bytes, String hash) {
        String source = "deploy/" + file;
        String location = DEPLOY + file;
        lock.lock();
        try {
            Candidate c = candidate(bytes, source, source).at(location);
            Bundle existing = context.getBundle(location);
            if (existing != null) {
                doUpdate(existing, c, source);
                LOG.info("Updated plugin {} from {}", c.name(), source);
            } else {
                requireNotInstalled(c.symbolicName);
                installAll(source, List.of(c), null, " Nothing was installed; fix the file and copy it into deploy/ again.");
                LOG.info("Installed plugin {} from {}", c.name(), source);
            }
            state.deploy.put(file, hash);
            store.save(state);
            refusals.cleared(source, Set.of(c.symbolicName));
            return true;
        } catch (PluginRefusedException e) {
            return false;
        } catch (DomainException e) {
            refusals.refuse(source, null, null, e.detail, e.errors);
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Installs the feature of a deploy/ JSON file (its name is the file name without .json); false when refused. */
    boolean deployFeature(String file, byte[] bytes, String hash) {
        String source = "deploy/" + file;
        String name = baseName(file);
        lock.lock();
        try {
            if (!FeatureFile.NAME.matcher(name).matches()) {
                refusals.refuse(source, null, null, source + " is not a usable feature name (letters, digits, '.', '_' and '-').", List.of());
                return false;
            }
            InstalledFeature existing = state.features.get(name);
            if (existing != null && !existing.source.equals(source)) {
                refusals.refuse(source, null, null, "A feature named " + name + " is already installed from " + existing.source
                        + "; " + source + " was not installed.", List.of(new FieldError("feature", "already installed")));
                return false;
            }
            if (existing != null) { // the file was replaced: the new content replaces the feature
                doUninstallFeature(name);
            }
            doInstallFeature(name, source, bytes);
            state.deploy.put(file, hash);
            store.save(state);
            refusals.cleared(source, Set.of());
            return true;
        } catch (PluginRefusedException e) {
            return false;
        } catch (DomainException e) {
            refusals.refuse(source, null, null, e.detail, e.errors);
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** A deploy/ file is gone: remove what it installed, and forget its refusals. */
    void undeploy(String file) {
        String source = "deploy/" + file;
        lock.lock();
        try {
            if (file.endsWith(".jar")) {
                Bundle b = context.getBundle(DEPLOY + file);
                if (b != null) {
                    String name = b.getSymbolicName() + " " + b.getVersion();
                    doUninstall(List.of(b));
                    LOG.info("Uninstalled plugin {}: {} was removed", name, source);
                }
            } else {
                InstalledFeature f = state.features.get(baseName(file));
                if (f != null && f.source.equals(source)) {
                    doUninstallFeature(baseName(file));
                }
            }
            state.deploy.remove(file);
            store.save(state);
        } finally {
            lock.unlock();
        }
        refusals.forget(source);
    }

    /** A refused deploy/ file that is not even a jar. */
    void refuseFile(String file, String reason) {
        refusals.refuse("deploy/" + file, null, null, reason, List.of(new FieldError("jar", reason)));
    }

    /**
     * At start: the framework keeps bundles across restarts, so remove what came from deploy/ files that
     * are gone, and forget installs whose bundles are gone (a cleaned framework cache) so that they are
     * installed again.
     */
    void reconcileAtStart(Set<String> presentFiles) {
        lock.lock();
        try {
            List<Bundle> orphans = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getLocation().startsWith(DEPLOY) && !presentFiles.contains(b.getLocation().substring(DEPLOY.length()))) {
                    orphans.add(b);
                }
            }
            if (!orphans.isEmpty()) {
                LOG.info("Uninstalling {}: their files left deploy/ while Rapport was stopped",
                        orphans.stream().map(Bundle::getSymbolicName).collect(Collectors.toList()));
                doUninstall(orphans);
            }
            for (String name : new ArrayList<>(state.features.keySet())) {
                InstalledFeature f = state.features.get(name);
                boolean fileGone = f.source.startsWith("deploy/") && !presentFiles.contains(f.source.substring("deploy/".length()));
                boolean bundlesGone = f.owned.stream().anyMatch(l -> context.getBundle(l) == null);
                if (fileGone) {
                    LOG.info("Uninstalling feature {}: {} left deploy/ while Rapport was stopped", name, f.source);
                    doUninstallFeature(name);
                } else if (bundlesGone) {
                    reinstallFeature(name, f);
                }
            }
            state.deploy.keySet().removeIf(file -> !presentFiles.contains(file)
                    || file.endsWith(".jar") && context.getBundle(DEPLOY + file) == null
                    || file.endsWith(".json") && !state.features.containsKey(baseName(file)));
            store.save(state);
        } finally {
            lock.unlock();
        }
    }

    private void reinstallFeature(String name, InstalledFeature f) {
        LOG.info("Feature {} lost bundles (a cleaned framework cache?): installing it again from {}", name, f.source);
        doUninstallFeature(name);
        if (f.source.startsWith("deploy/")) {
            return; // the deploy/ scan installs it again
        }
        try {
            doInstallFeature(name, f.source, Files.readAllBytes(home.resolve(f.source)));
        } catch (IOException | DomainException e) {
            LOG.warn("Feature {} could not be installed again: {}", name, e.getMessage());
        }
    }

    private static String baseName(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    // ---------------------------------------------------------------- install, update, uninstall, refresh

    /**
     * Installs the candidates, resolves them, runs {@code beforeStart}, and starts them; on any failure
     * removes everything it installed and throws the refusal. Caller holds the lock.
     */
    private List<Bundle> installAll(String source, List<Candidate> candidates, Runnable beforeStart, String tail) {
        List<Bundle> installed = new ArrayList<>();
        for (Candidate c : candidates) {
            try {
                installed.add(context.installBundle(c.location, new ByteArrayInputStream(c.bytes)));
            } catch (BundleException | RuntimeException e) {
                rollback(installed);
                throw refusals.refuse(source, c.symbolicName, c.version, c.name() + " cannot be installed: " + e.getMessage() + "." + tail,
                        List.of(new FieldError(c.symbolicName, String.valueOf(e.getMessage()))));
            }
        }
        if (!installed.isEmpty()) {
            wiring.resolveBundles(installed);
        }
        List<Bundle> unresolved = installed.stream().filter(b -> b.getState() == Bundle.INSTALLED).collect(Collectors.toList());
        if (!unresolved.isEmpty()) {
            List<Unresolved> why = Requirements.explain(context, unresolved);
            rollback(installed);
            throw refusals.unresolved(source, why, tail);
        }
        if (beforeStart != null) {
            try {
                beforeStart.run();
            } catch (RuntimeException e) {
                rollback(installed);
                throw refusals.refuse(source, null, null, e.getMessage() + "." + tail, List.of());
            }
        }
        for (int i = 0; i < installed.size(); i++) {
            Bundle b = installed.get(i);
            if (isFragment(b)) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | RuntimeException e) {
                String name = candidates.get(i).name();
                String why = startFailure(e);
                rollback(installed);
                throw refusals.refuse(source, candidates.get(i).symbolicName, candidates.get(i).version, name + " failed to start: " + why + "." + tail,
                        List.of(new FieldError(candidates.get(i).symbolicName, "failed to start: " + why)));
            }
        }
        for (int i = 0; i < installed.size(); i++) {
            store.writeJarCopy(installed.get(i), candidates.get(i).bytes);
        }
        return installed;
    }

    /** Replaces a plugin's jar; when the new one does not resolve or start, puts the previous one back. Caller holds the lock. */
    private void doUpdate(Bundle b, Candidate c, String source) {
        byte[] previous = store.readJarCopy(b);
        String previousName = b.getSymbolicName() + " " + b.getVersion();
        boolean wasActive = (b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
        String tail = " " + previousName + " stays installed" + (wasActive ? " and running." : ".");
        if (!c.symbolicName.equals(b.getSymbolicName())) {
            Bundle other = bySymbolicName(c.symbolicName);
            if (other != null) {
                throw refusals.refuse(source, c.symbolicName, c.version, c.name() + " cannot replace " + previousName + ": " + c.symbolicName
                        + " is already installed (bundle " + other.getBundleId() + ")." + tail,
                        List.of(new FieldError(c.symbolicName, "is already installed")));
            }
        }
        if (wasActive) {
            try {
                b.stop();
            } catch (BundleException e) {
                LOG.warn("{} did not stop cleanly before its update: {}", previousName, e.toString());
            }
        }
        try {
            b.update(new ByteArrayInputStream(c.bytes));
        } catch (BundleException | RuntimeException e) {
            restart(b, wasActive);
            throw refusals.refuse(source, c.symbolicName, c.version, c.name() + " cannot be installed: " + e.getMessage() + "." + tail,
                    List.of(new FieldError(c.symbolicName, String.valueOf(e.getMessage()))));
        }
        refresh(List.of(b));
        wiring.resolveBundles(List.of(b));
        if (b.getState() == Bundle.INSTALLED) {
            List<Unresolved> why = Requirements.explain(context, List.of(b));
            restore(b, previous, wasActive);
            throw refusals.unresolved(source, why, tail);
        }
        if (!isFragment(b)) {
            try {
                b.start();
            } catch (BundleException | RuntimeException e) {
                String why = startFailure(e);
                restore(b, previous, wasActive);
                throw refusals.refuse(source, c.symbolicName, c.version, c.name() + " failed to start: " + why + "." + tail,
                        List.of(new FieldError(c.symbolicName, "failed to start: " + why)));
            }
        }
        store.writeJarCopy(b, c.bytes);
    }

    private void restore(Bundle b, byte[] previous, boolean wasActive) {
        if (previous == null) {
            LOG.error("{}: the previous jar was not kept, so it cannot be restored; the bundle stays unresolved", b.getSymbolicName());
            return;
        }
        try {
            b.update(new ByteArrayInputStream(previous));
            refresh(List.of(b));
            wiring.resolveBundles(List.of(b));
        } catch (BundleException | RuntimeException e) {
            LOG.error("{}: the previous jar could not be restored: {}", b.getSymbolicName(), e.toString());
        }
        restart(b, wasActive);
    }

    private static void restart(Bundle b, boolean wasActive) {
        if (!wasActive) {
            return;
        }
        try {
            b.start();
        } catch (BundleException | RuntimeException e) {
            LOG.error("{} could not be started again: {}", b.getSymbolicName(), e.toString());
        }
    }

    private void doUninstall(List<Bundle> bundles) {
        List<Bundle> removed = new ArrayList<>();
        for (Bundle b : bundles) {
            try {
                b.uninstall();
                removed.add(b);
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("{} could not be uninstalled: {}", b.getSymbolicName(), e.toString());
            }
        }
        refresh(removed);
    }

    private void rollback(List<Bundle> installed) {
        List<Bundle> reversed = new ArrayList<>(installed);
        java.util.Collections.reverse(reversed);
        doUninstall(reversed);
    }

    /** Refreshes only these bundles (and what the framework finds wired to them), waiting until it is done. */
    private void refresh(Collection<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> done.countDown());
        try {
            if (!done.await(refreshTimeoutSeconds, TimeUnit.SECONDS)) {
                LOG.warn("Refreshing {} took more than {} s", bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.toList()),
                        refreshTimeoutSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        return r != null && (r.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static String startFailure(Exception e) {
        Throwable cause = e.getCause();
        if (e instanceof BundleException && ((BundleException) e).getType() == BundleException.ACTIVATOR_ERROR && cause != null) {
            return "its activator threw " + cause;
        }
        return e.getMessage() + (cause != null ? " (" + cause + ")" : "");
    }
}
