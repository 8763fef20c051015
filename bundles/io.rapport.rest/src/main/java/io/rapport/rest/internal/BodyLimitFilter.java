package io.rapport.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;

import io.rapport.platform.api.Problem;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** Refuses bodies over the configured size with 413, by header when declared and by counting otherwise. */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@JaxrsExtension
@JaxrsName(BodyLimitFilter.NAME)
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {
    static final String NAME = "rapport.bodylimit";
    /** Binary bodies: only plugin uploads take them, and jars are larger than any JSON body. */
    private static final Set<String> UPLOAD_TYPES = Set.of("application/java-archive", "application/x-java-archive",
            "application/zip", "application/octet-stream");
    /** Bulk imports (POST /api/v1/people/import): one row a line, far larger than any JSON body. */
    private static final Set<String> IMPORT_TYPES = Set.of("application/x-ndjson", "application/ndjson", "text/csv");

    private volatile long limit;
    private volatile long uploadLimit;
    private volatile long importLimit;

    @Activate
    @Modified
    void configure(RestConfig config) {
        limit = config.max_body_bytes();
        uploadLimit = config.max_upload_bytes();
        importLimit = config.max_import_bytes();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        String name = type == null ? "" : (type.getType() + "/" + type.getSubtype()).toLowerCase(java.util.Locale.ROOT);
        boolean upload = UPLOAD_TYPES.contains(name);
        boolean imports = IMPORT_TYPES.contains(name);
        long max = upload ? uploadLimit : imports ? importLimit : limit;
        String setting = upload ? "max.upload.bytes" : imports ? "max.import.bytes" : "max.body.bytes";
        if (request.getLength() > max) {
            RestApi.discardRefusedBody(request.getEntityStream(), request.getLength());
            request.abortWith(ProblemMapper.response(Problem.of(tooLarge(max, setting))));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), max, setting, request.getLength()));
        }
    }

    static ProblemException tooLarge(long max, String setting) {
        return new ProblemException(413, "Body too large",
                "The request body is larger than the limit of " + max + " bytes (setting " + setting + " of io.rapport.rest).");
    }

    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private final String setting;
        private final long declaredLength;
        private long count;

        LimitedInputStream(InputStream in, long max, String setting, long declaredLength) {
            super(in);
            this.max = max;
            this.setting = setting;
            this.declaredLength = declaredLength;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                RestApi.discardRefusedBody(in, declaredLength);
                throw tooLarge(max, setting);
            }
        }
    }
}
