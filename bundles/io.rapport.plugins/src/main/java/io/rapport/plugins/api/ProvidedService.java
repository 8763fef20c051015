package io.rapport.plugins.api;

import java.util.Map;

/**
 * One service a plugin registers: its interface, e.g. {@code io.rapport.conversations.spi.ChannelConnector},
 * and its {@code rapport.*} properties, e.g. {@code rapport.channel=webhook}.
 */
public final class ProvidedService {
    public final String service;
    public final Map<String, Object> properties;

    public ProvidedService(String service, Map<String, Object> properties) {
        this.service = service;
        this.properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return properties.isEmpty() ? service : service + " " + properties;
    }
}
