/**
 * The channel SPI: what a plugin implements to bring messages in from a channel (chat, email, a
 * webhook, ...) and send agents' replies back, and to resolve a location from an IP address.
 * <ul>
 * <li>A connector registers a {@link io.rapport.conversations.spi.ChannelConnector} service with the
 * property {@value io.rapport.conversations.spi.ChannelConnector#CHANNEL} and hands each inbound message
 * to the {@link io.rapport.conversations.spi.Inbox} service.</li>
 * <li>A {@link io.rapport.conversations.spi.LocationResolver} service with a higher service ranking
 * replaces the built-in offline one.</li>
 * </ul>
 * Compatibility: within a major version, this package only grows by additions that existing plugins do
 * not have to implement (bnd-baseline checks every build); a plugin built against 1.x runs on every 1.y
 * with y &gt;= x.
 */
@Export
@Version("1.0.0")
package io.rapport.conversations.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
