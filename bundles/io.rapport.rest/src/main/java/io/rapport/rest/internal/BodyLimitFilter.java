package io.rapport.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

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
    private volatile long limit;

    @Activate
    @Modified
    void configure(RestConfig config) {
        limit = config.max_body_bytes();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long max = limit;
        if (request.getLength() > max) {
            request.abortWith(ProblemMapper.response(Problem.of(tooLarge(max))));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), max));
        }
    }

    static ProblemException tooLarge(long max) {
        return new ProblemException(413, "Body too large",
                "The request body is larger than the limit of " + max + " bytes (setting max.body.bytes of io.rapport.rest).");
    }

    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
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
                throw tooLarge(max);
            }
        }
    }
}
