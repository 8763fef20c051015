package io.rapport.health.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs where the runtime listens, so that a port chosen at random (port 0) can be found. */
@Component(immediate = true)
public class EndpointLogger {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointLogger.class);

    @Reference
    void setRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        Object endpoints = props.get("osgi.http.endpoint");
        String port = null;
        for (String endpoint : endpoints instanceof String[] ? (String[]) endpoints : new String[] { String.valueOf(endpoints) }) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/?$").matcher(endpoint);
            if (m.find()) {
                port = m.group(1);
            }
        }
        LOG.info("Rapport is listening on http://localhost:{}/ (API at /api/v1, health at /health)", port);
    }
}
