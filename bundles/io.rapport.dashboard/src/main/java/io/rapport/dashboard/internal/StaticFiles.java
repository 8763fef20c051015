package io.rapport.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's files: the page, {@code /app/...} (its ES modules and styles) and {@code /webjars/...} (the
 * libraries it imports, from WebJars), all from this bundle, as they are (no build step). Files are kept in
 * memory with their gzip form and an ETag.
 * <p>
 * The page's Content-Security-Policy allows scripts from this server only, and the page's inline import
 * map by its hash (computed here, so that the map can change without touching the policy).
 * <p>
 * With the framework or system property {@code rapport.dashboard.dir} set to the {@code static} folder of
 * this bundle's sources, the page and {@code /app/} are read from there on every request: edit and reload.
 */
@Component(service = StaticFiles.class)
public class StaticFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "json", "application/json", "png", "image/png");

    /** A file as served: its bytes, gzipped bytes (null when not smaller), ETag, type, and the page's policy. */
    record File(byte[] bytes, byte[] gzipped, String etag, String type, String policy) {
    }

    private final Bundle bundle;
    private final Path devDir;
    private final Map<String, File> cache = new ConcurrentHashMap<>();

    @Activate
    public StaticFiles(BundleContext context) {
        this.bundle = context.getBundle();
        String dir = context.getProperty("rapport.dashboard.dir");
        this.devDir = dir == null || dir.isBlank() ? null : Paths.get(dir);
        if (devDir != null) {
            LOG.info("Dashboard: serving the page and /app/ from {} (rapport.dashboard.dir), read on every request", devDir);
        }
    }

    /** The file at {@code path} (from the server's root), or null. */
    File file(String path) throws IOException {
        if (path.contains("..") || path.contains("//") || path.endsWith("/")) {
            return null;
        }
        boolean dev = devDir != null && !path.startsWith("/webjars/");
        if (!dev) {
            File cached = cache.get(path);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = dev ? readDev(path) : readBundle(path);
        if (bytes == null) {
            return null;
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        String policy = extension.equals("html") ? policy(new String(bytes, StandardCharsets.UTF_8)) : null;
        File f = new File(bytes, gzip(bytes), "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 8) + "\"",
                TYPES.getOrDefault(extension, "application/octet-stream"), policy);
        if (!dev) {
            cache.put(path, f);
        }
        return f;
    }

    /** How long browsers keep a file: the libraries, whose paths carry their version, a year; the app's files are revalidated. */
    static String cacheControl(String path) {
        return path.startsWith("/webjars/") ? "public, max-age=31536000, immutable" : "no-cache";
    }

    private byte[] readDev(String path) throws IOException {
        Path file = devDir.resolve(path.substring(1)).normalize();
        return file.startsWith(devDir) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private byte[] readBundle(String path) throws IOException {
        URL url = bundle.getEntry("static" + path);
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    /** The page's policy: this server only, and the inline import map by its hash. */
    static String policy(String html) {
        StringBuilder scripts = new StringBuilder("'self'");
        Matcher m = IMPORT_MAP.matcher(html);
        while (m.find()) {
            scripts.append(" 'sha256-").append(Base64.getEncoder().encodeToString(sha256(m.group(1).getBytes(StandardCharsets.UTF_8))))
                    .append("'");
        }
        return "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        if (bytes.length < 512) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.size() < bytes.length ? out.toByteArray() : null;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
