package io.rapport.channel.webhook.internal;

import java.util.Hashtable;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;
import io.rapport.platform.api.Validators;

/**
 * One configuration of {@value WebhookConfig#PID}: opens {@code /hooks/<channel>} and registers the
 * channel's {@link ChannelConnector}. Registered by hand rather than by DS so that the secret is never
 * published as a service property. A configuration without a secret (or with a bad name or reply URL)
 * opens nothing: the problem is logged and shown in the plugin list and {@code /health}.
 */
@Component(configurationPid = WebhookConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = WebhookConfig.class, factory = true)
public class WebhookChannel {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);
    static final Pattern CHANNEL_NAME = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$");

    private final BundleContext context;
    private final Hooks hooks;
    private final PluginGuard guard;
    private final String name;
    private final String secret;
    private final boolean legacySignatures;
    private final boolean opened;
    private final String problem;
    private ServiceRegistration<ChannelConnector> registration;

    @Activate
    public WebhookChannel(BundleContext context, WebhookConfig config, @Reference Hooks hooks, @Reference PluginGuard guard) {
        this.context = context;
        this.hooks = hooks;
        this.guard = guard;
        this.name = config.channel() == null ? "" : config.channel().trim();
        this.secret = config.secret();
        this.legacySignatures = config.legacy_signatures();
        String replyUrl = config.reply_url() == null || config.reply_url().isBlank() ? null : config.reply_url().trim();
        this.problem = problemOf(name, secret, replyUrl);
        if (problem != null) {
            LOG.error("Webhook channel '{}' not opened: {}", name, problem);
            guard.report(context.getBundle(), PluginStatus.State.DEGRADED, problem);
            this.opened = false;
            return;
        }
        this.opened = hooks.open(this);
        if (!opened) {
            String taken = "another configuration of " + WebhookConfig.PID + " already has the channel '" + name
                    + "'; give this one a different 'channel'";
            LOG.error("Webhook channel '{}' not opened: {}", name, taken);
            guard.report(context.getBundle(), PluginStatus.State.DEGRADED, taken);
            return;
        }
        if (secret.length() < 16) {
            LOG.warn("Webhook channel '{}': its secret has only {} characters; use 32 random ones or more", name, secret.length());
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ChannelConnector.CHANNEL, name);
        properties.put(ChannelConnector.LABEL, config.label() == null || config.label().isBlank() ? "Webhook " + name : config.label().trim());
        registration = context.registerService(ChannelConnector.class, new WebhookConnector(name, secret, replyUrl, legacySignatures), properties);
        LOG.info("Webhook channel '{}' open at {}/{}{}", name, Hooks.PATH, name,
                replyUrl == null ? " (replies are not delivered: no reply.url)" : ", replies to " + replyUrl);
        if (legacySignatures) {
            LOG.warn("Webhook channel '{}' also takes legacy X-Rapport-Signature signatures, which do not protect against "
                    + "replays; turn legacy.signatures off once its senders use webhook-signature", name);
        }
    }

    /** What keeps the configuration from opening a channel; null when nothing. */
    static String problemOf(String name, String secret, String replyUrl) {
        if (!CHANNEL_NAME.matcher(name).matches()) {
            return "the configuration's 'channel' must be 1 to 40 lower-case letters, digits or '-' (not at either end), was '"
                    + name + "'";
        }
        if (secret == null || secret.isBlank()) {
            return "no secret configured for the channel '" + name + "': set 'secret' in its configuration of "
                    + WebhookConfig.PID + " (messages cannot be authenticated without one)";
        }
        if (replyUrl != null && !Validators.isWebUrl(replyUrl)) {
            return "the channel '" + name + "' has a 'reply.url' that is not an http(s) URL: '" + replyUrl + "'";
        }
        return null;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it
            }
        }
        if (opened) {
            hooks.close(this);
        }
        if (problem != null) { // the configuration was changed or removed: its problem is gone with it
            guard.report(context.getBundle(), PluginStatus.State.OK, null);
        }
    }

    String name() {
        return name;
    }

    String secret() {
        return secret;
    }

    boolean legacySignatures() {
        return legacySignatures;
    }
}
