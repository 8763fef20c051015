package io.rapport.conversations.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Page;

/**
 * Conversations, their messages and replies. Inbound messages arrive through the channel SPI's
 * {@code Inbox}. Failures are the kinds of {@code io.rapport.platform.errors}: invalid naming the field,
 * not found, stale version when {@code expectedVersion} (from If-Match; null means any) is stale,
 * unavailable when a bundle it needs (people, companies) is not running. Every change is recorded on {@link ConversationsEvents} topics.
 */
@ProviderType
public interface ConversationsService {
    int MAX_TEXT = 100_000;

    /** The conversation with its messages, oldest first. */
    Optional<Conversation> get(String id);

    /** One message of a conversation. */
    Optional<Message> message(String conversationId, String messageId);

    /** A person's conversations, newest first, without messages. 404 for an unknown person (when the people bundle runs). */
    Page<Conversation> listForPerson(String personId, String cursor, int limit);

    /**
     * All conversations, newest first, without messages; each filter may be null: {@code state} open
     * or closed, {@code channel}, {@code ticket}.
     */
    Page<Conversation> list(String state, String channel, Boolean ticket, String cursor, int limit);

    /** How many conversations a person has, and how many are open: {@code [total, open]}. */
    long[] count(String personId);

    /** A JSON merge patch of {@code state} ({@code open}/{@code closed}) and {@code ticket} (boolean). */
    Conversation patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor);

    /**
     * Stores an agent's reply, then sends it through the channel's connector when one is running and can
     * send. The answer says how delivery went ({@link Message#deliveryStatus}); a failed delivery is no
     * failure of this call: the reply is kept either way.
     */
    Message reply(String conversationId, String text, Caller author);

    /** The running channel connectors, by channel name. */
    List<Channel> channels();

    /** Figures over the company's people for conversations opened in {@code [from, to)}. */
    CompanyInsights insights(String companyId, Instant from, Instant to);
}
