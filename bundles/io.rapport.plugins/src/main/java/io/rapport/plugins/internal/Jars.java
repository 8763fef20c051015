package io.rapport.plugins.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/** What the plugin manager needs to know of a jar before installing it. */
final class Jars {
    private Jars() {
    }

    /** A jar about to be installed: its bytes, the bundle location to use, and its identity from the manifest. */
    static final class Candidate {
        final byte[] bytes;
        final String location;
        final String symbolicName;
        final String version;

        Candidate(byte[] bytes, String location, String symbolicName, String version) {
            this.bytes = bytes;
            this.location = location;
            this.symbolicName = symbolicName;
            this.version = version;
        }

        String name() {
            return symbolicName + " " + version;
        }

        Candidate at(String newLocation) {
            return new Candidate(bytes, newLocation, symbolicName, version);
        }
    }

    /** The bundle identity of a jar, or why it is no bundle (an {@link IllegalArgumentException} in plain words). */
    static Candidate candidate(byte[] bytes, String label) {
        Manifest manifest;
        try {
            manifest = manifest(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(label + " is not a jar file: " + e.getMessage());
        }
        if (manifest == null) {
            throw new IllegalArgumentException(label + " is not an OSGi bundle: it has no META-INF/MANIFEST.MF (or is not a jar file)");
        }
        String bsn = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsn == null || bsn.isBlank()) {
            throw new IllegalArgumentException(label + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        int semicolon = bsn.indexOf(';');
        bsn = (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).trim();
        String versionText = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        Version version;
        try {
            version = versionText == null ? Version.emptyVersion : Version.parseVersion(versionText.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + " (" + bsn + ") has an invalid Bundle-Version '" + versionText + "'");
        }
        return new Candidate(bytes, null, bsn, version.toString());
    }

    static Manifest manifest(byte[] bytes) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
            Manifest m = in.getManifest();
            if (m != null) {
                return m;
            }
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    return new Manifest(in);
                }
            }
        }
        return null;
    }

    /** True when the file is a whole zip (its central directory, at the end, can be read). */
    static boolean isCompleteZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (InputStream stream = in) {
            return stream.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
