package io.rapport.platform.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends what libraries log through java.util.logging (CXF, SPI Fly) to slf4j, so that the log has one
 * format. CXF would log through slf4j by itself only when it finds slf4j 1's binding class, which slf4j 2
 * no longer has.
 */
@Component(immediate = true)
public class JulToSlf4j {
    @Activate
    void activate() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}
