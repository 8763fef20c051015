/**
 * Conversations: the messages people send through channels (chat, email, webhooks, ...) and the
 * agents' replies, with company insights built on them. Other bundles use
 * {@link io.rapport.conversations.api.ConversationsService} and the change-log topics of
 * {@link io.rapport.conversations.api.ConversationsEvents}, never the conversations tables. Channel
 * plugins use the SPI in {@code io.rapport.conversations.spi}.
 */
@Export
@Version("1.2.0")
package io.rapport.conversations.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
