package io.rapport.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Bundles made while a test runs, to install as an operator would: a manifest plus classes copied
 * from this test bundle (a plugin's classes live in a package of their own here, never exported, so
 * the made bundle is the only one that loads them), and the shipped plugin jars embedded under
 * {@code plugins/}.
 */
public final class TestBundles {
    private TestBundles() {
    }

    /** The jar of a shipped plugin, e.g. {@code shipped("io.rapport.channel.webhook")}. */
    public static InputStream shipped(String symbolicName) {
        try {
            return FrameworkUtil.getBundle(TestBundles.class).getEntry("plugins/" + symbolicName + ".jar").openStream();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("No shipped plugin jar plugins/" + symbolicName + ".jar in the test bundle", e);
        }
    }

    /** A builder of a bundle with this symbolic name, version 1.0.0 unless set. */
    public static Builder bundle(String symbolicName) {
        return new Builder(symbolicName);
    }

    public static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        private Builder(String symbolicName) {
            headers.put("Bundle-ManifestVersion", "2");
            headers.put("Bundle-SymbolicName", symbolicName);
            headers.put("Bundle-Version", "1.0.0");
        }

        /** A manifest header, e.g. {@code header("Import-Package", "io.rapport.attributes.spi;version=\"[1,2)\"")}. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Copies these classes (and their nested classes) from the test bundle. */
        public Builder classes(Class<?>... classes) {
            BundleContext ctx = FrameworkUtil.getBundle(TestBundles.class).getBundleContext();
            for (Class<?> c : classes) {
                String path = c.getName().replace('.', '/');
                String dir = path.substring(0, path.lastIndexOf('/'));
                String simple = path.substring(path.lastIndexOf('/') + 1);
                var found = ctx.getBundle().findEntries(dir, simple + "*.class", false);
                while (found != null && found.hasMoreElements()) {
                    var url = found.nextElement();
                    String name = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
                    String file = name.substring(name.lastIndexOf('/') + 1);
                    if (file.equals(simple + ".class") || file.startsWith(simple + "$")) {
                        try (InputStream in = url.openStream()) {
                            entries.put(name, in.readAllBytes());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            }
            return this;
        }

        /** A file in the bundle, e.g. {@code entry("OSGI-INF/x.xml", xml)}. */
        public Builder entry(String path, byte[] content) {
            entries.put(path, content);
            return this;
        }

        public byte[] build() {
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            headers.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(out, mf)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    jar.putNextEntry(new JarEntry(e.getKey()));
                    jar.write(e.getValue());
                    jar.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        public InputStream stream() {
            return new ByteArrayInputStream(build());
        }
    }
}
