package io.rapport.conversations.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Membership;
import io.rapport.conversations.api.Channel;
import io.rapport.conversations.api.CompanyInsights;
import io.rapport.conversations.api.Conversation;
import io.rapport.conversations.api.ConversationsEvents;
import io.rapport.conversations.api.ConversationsService;
import io.rapport.conversations.api.Message;
import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.DeliveryException;
import io.rapport.conversations.spi.OutboundMessage;
import io.rapport.people.api.PeopleService;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.KeysetPage;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.PluginCallException;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;
import io.rapport.platform.errors.DomainException;

@OwnsPersistenceUnit
/**
 * The conversations service: conversations and their messages, replies sent through the channel
 * connectors, the channel identities that tie a handle to a person, and the per-company insights. The
 * identities, sending and insights are the seams along which it is to be split (see docs/architecture.md).
 */
@Component(service = { ConversationsService.class, ConversationsServiceImpl.class }, configurationPid = ConversationsConfig.PID)
@Designate(ocd = ConversationsConfig.class)
public class ConversationsServiceImpl implements ConversationsService {
    static final String COMPONENT_NAME = "io.rapport.conversations.internal.ConversationsServiceImpl";
    /**
     * A conversation deleted (with its person), recorded on the model {@code conversation}: what other
     * bundles keep of a conversation (its custom attributes) goes with it.
     */
    static final String DELETED = ConversationsEvents.DELETED;
    private static final Logger LOG = LoggerFactory.getLogger(ConversationsServiceImpl.class);
    private static final String KIND = "conversation";
    static final Set<String> WRITABLE = Set.of("state", "ticket");
    /** The longest period insights cover. */
    static final Duration MAX_PERIOD = Duration.ofDays(2 * 366);
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** People per IN list: well below every database's parameter limit. */
    private static final int CHUNK = 500;

    private final JpaUnit jpa;
    private final ChangeLog changeLog;
    private final PluginGuard guard;
    private final ChannelPlugins plugins;
    private volatile Duration replyTimeout;

    // Other domain bundles may stop and start at any time: conversations keep working without them.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PeopleService people;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CompaniesService companies;

    @Activate
    public ConversationsServiceImpl(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.conversations)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog, @Reference PluginGuard guard, @Reference ChannelPlugins plugins,
            ConversationsConfig config) {
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
        this.guard = guard;
        this.plugins = plugins;
        configure(config);
    }

    @Modified
    void configure(ConversationsConfig config) {
        replyTimeout = Duration.ofMillis(Math.max(1, config.reply_timeout_ms()));
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    // ---- reading ----

    @Override
    public Optional<Conversation> get(String id) {
        return Optional.ofNullable(jpa.read(em -> {
            ConversationEntity c = id == null ? null : em.find(ConversationEntity.class, id);
            if (c == null) {
                return null;
            }
            Conversation conversation = toConversation(c);
            List<Message> messages = new ArrayList<>();
            for (MessageEntity m : em.createQuery("SELECT m FROM MessageEntity m WHERE m.conversationId = :c ORDER BY m.createdAt, m.id",
                    MessageEntity.class).setParameter("c", id).getResultList()) {
                messages.add(toMessage(m));
            }
            conversation.messages = messages;
            return conversation;
        }));
    }

    @Override
    public Optional<Message> message(String conversationId, String messageId) {
        return Optional.ofNullable(jpa.read(em -> {
            MessageEntity m = messageId == null ? null : em.find(MessageEntity.class, messageId);
            return m == null || !m.conversationId.equals(conversationId) ? null : toMessage(m);
        }));
    }

    @Override
    public Page<Conversation> listForPerson(String personId, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        // Reading our own rows needs no other bundle: check the person only when their owner is running.
        PeopleService p = people;
        if (p != null && p.get(personId).isEmpty()) {
            throw new NotFoundException("person", personId);
        }
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("c.personId = :personId", personId);
        return page(where, after, limit);
    }

    @Override
    public Page<Conversation> list(String state, String channel, Boolean ticket, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        Map<String, Object> where = new LinkedHashMap<>();
        if (state != null) {
            where.put("c.state = :state", checkState(state));
        }
        if (channel != null) {
            where.put("c.channel = :channel", channel);
        }
        if (ticket != null) {
            where.put("c.ticket = :ticket", ticket);
        }
        return page(where, after, limit);
    }

    /** Newest first by creation, keyset-paged; {@code where} maps JPQL conditions to their one parameter. */
    private Page<Conversation> page(Map<String, Object> where, Cursor after, int limit) {
        return jpa.read(em -> {
            List<String> conditions = new ArrayList<>(where.keySet());
            if (after != null) {
                // the form KeysetPage uses: Derby starts the index scan at the cursor
                conditions.add("c.createdAt <= :t AND (c.createdAt < :t OR c.id < :id)");
            }
            StringBuilder jpql = new StringBuilder("SELECT c FROM ConversationEntity c");
            if (!conditions.isEmpty()) {
                jpql.append(" WHERE ").append(String.join(" AND ", conditions));
            }
            jpql.append(" ORDER BY c.createdAt DESC, c.id DESC");
            TypedQuery<ConversationEntity> q = em.createQuery(jpql.toString(), ConversationEntity.class);
            where.forEach((condition, value) -> q.setParameter(condition.substring(condition.indexOf(':') + 1), value));
            if (after != null) {
                q.setParameter("t", after.time).setParameter("id", after.id);
            }
            List<ConversationEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<Conversation> data = new ArrayList<>();
            for (ConversationEntity c : rows.subList(0, Math.min(limit, rows.size()))) {
                data.add(toConversation(c));
            }
            String next = null;
            if (rows.size() > limit) {
                ConversationEntity last = rows.get(limit - 1);
                next = new Cursor(last.createdAt, last.id).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public long[] count(String personId) {
        return jpa.read(em -> {
            long total = 0;
            long open = 0;
            for (Object[] row : em.createQuery("SELECT c.state, COUNT(c.id) FROM ConversationEntity c WHERE c.personId = :p GROUP BY c.state",
                    Object[].class).setParameter("p", personId).getResultList()) {
                long n = ((Number) row[1]).longValue();
                total += n;
                if (Conversation.OPEN.equals(row[0])) {
                    open += n;
                }
            }
            return new long[] { total, open };
        });
    }

    // ---- changing ----

    @Override
    public Conversation patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor) {
        JsonObjectReader in = new JsonObjectReader(mergePatch);
        for (String key : mergePatch.keySet()) {
            if (!WRITABLE.contains(key)) {
                in.error(key, "unknown or read-only field; writable fields are state, ticket (and attributes, the custom attributes)");
            }
        }
        String state = null;
        if (in.has("state")) {
            Object raw = in.raw("state");
            if (Conversation.OPEN.equals(raw) || Conversation.CLOSED.equals(raw)) {
                state = (String) raw;
            } else {
                in.error("state", "must be 'open' or 'closed', was " + (raw instanceof String ? "'" + raw + "'" : JsonObjectReader.typeOf(raw)));
            }
        }
        Boolean ticket = null;
        if (in.has("ticket")) {
            Object raw = in.raw("ticket");
            if (raw == null || raw instanceof Boolean) {
                ticket = Boolean.TRUE.equals(raw); // null removes the mark, as merge patches do
            } else {
                in.error("ticket", "must be true or false, was " + JsonObjectReader.typeOf(raw));
            }
        }
        in.throwIfInvalid();
        String newState = state;
        Boolean newTicket = ticket;
        Conversation patched = JpaUnit.write(KIND, expectedVersion, null, () -> jpa.inTransaction(em -> {
            ConversationEntity c = lock(em, id);
            if (expectedVersion != null && expectedVersion != c.version) {
                throw new StaleVersionException(KIND, id, c.version);
            }
            List<String> topics = new ArrayList<>();
            long now = MonotonicClock.nowMicros();
            if (newState != null && !newState.equals(c.state)) {
                c.state = newState;
                c.closedAt = Conversation.CLOSED.equals(newState) ? now : null;
                topics.add(Conversation.CLOSED.equals(newState) ? ConversationsEvents.CLOSED : ConversationsEvents.REOPENED);
            }
            if (newTicket != null && newTicket != c.ticket) {
                c.ticket = newTicket;
                topics.add(newTicket ? ConversationsEvents.TICKET_MARKED : ConversationsEvents.TICKET_UNMARKED);
            }
            if (!topics.isEmpty()) {
                c.updatedAt = now;
                em.flush();
                for (String topic : topics) {
                    record(em, topic, c, Map.of(), actor);
                }
            }
            return toConversation(c);
        }));
        changeLog.committed();
        return patched;
    }

    @Override
    public Message reply(String conversationId, String text, Caller author) {
        checkText(text);
        String authorName = author == null ? "system" : author.name;
        // Stored first, whatever happens next: the agent's words are never lost.
        Object[] stored = JpaUnit.write(KIND, null, null, () -> jpa.inTransaction(em -> {
            ConversationEntity c = lock(em, conversationId);
            long now = MonotonicClock.nowMicros();
            MessageEntity m = new MessageEntity();
            m.id = Ids.newId("msg");
            m.conversationId = c.id;
            m.personId = c.personId;
            m.channel = c.channel;
            m.direction = Message.OUT;
            m.text = text;
            m.sentAt = now;
            m.createdAt = now;
            m.author = authorName;
            m.authorTokenId = author == null ? null : author.tokenId;
            m.deliveryStatus = Message.SENDING;
            em.persist(m);
            if (c.firstResponseAt == null) {
                c.firstResponseAt = now;
            }
            c.messageCount++;
            c.lastMessageAt = now;
            c.lastExcerpt = excerpt(text);
            c.updatedAt = now;
            em.flush();
            Map<String, Object> data = new HashMap<>();
            data.put(ConversationsEvents.MESSAGE_ID, m.id);
            data.put(ConversationsEvents.EXCERPT, c.lastExcerpt);
            data.put(ConversationsEvents.AUTHOR, authorName);
            record(em, ConversationsEvents.REPLIED, c, data, authorName);
            OutboundMessage out = new OutboundMessage(c.id, m.id, c.handle, c.threadKey, c.lastInboundId, c.subject, text, authorName);
            return new Object[] { toMessage(m), out, c.channel };
        }));
        changeLog.committed();
        Message message = (Message) stored[0];
        String[] outcome = send((String) stored[2], (OutboundMessage) stored[1]);
        jpa.inTransaction(em -> {
            MessageEntity m = em.find(MessageEntity.class, message.id);
            if (m != null) { // null: the person was deleted meanwhile
                m.deliveryStatus = outcome[0];
                m.deliveryError = outcome[1];
            }
            return null;
        });
        message.deliveryStatus = outcome[0];
        message.deliveryError = outcome[1];
        return message;
    }

    /** Sends a reply through the channel's connector: {@code [status, error]}. Never throws. */
    private String[] send(String channel, OutboundMessage out) {
        Optional<ChannelPlugins.Bound<ChannelConnector>> found = plugins.connector(channel);
        if (found.isEmpty() || found.get().bundle() == null) {
            return new String[] { Message.NOT_SENT, "No connector of the channel '" + channel + "' is running; the reply is kept but was not sent." };
        }
        ChannelPlugins.Bound<ChannelConnector> connector = found.get();
        Duration timeout = replyTimeout;
        try {
            boolean canSend = guard.call(connector.bundle(), "ChannelConnector.canSend", timeout, connector.service::canSend);
            plugins.canSend(connector.reference, canSend);
            if (!canSend) {
                return new String[] { Message.NOT_SENT, "The connector of the channel '" + channel
                        + "' cannot send replies; the reply is kept but was not sent." };
            }
            guard.call(connector.bundle(), "ChannelConnector.send", timeout, () -> {
                connector.service.send(out);
                return null;
            });
            return new String[] { Message.SENT, null };
        } catch (DeliveryException e) {
            return new String[] { Message.FAILED, limit(e.getMessage() == null ? "The connector could not deliver the reply." : e.getMessage()) };
        } catch (PluginCallException e) {
            return new String[] { Message.FAILED, limit(e.detail) };
        } catch (RuntimeException e) { // e.g. the connector's bundle stopped while it was called
            LOG.warn("Reply {} on channel {} not delivered", out.messageId(), channel, e);
            return new String[] { Message.FAILED, limit("The reply could not be handed to the connector: " + e) };
        }
    }

    // ---- for the inbox ----

    /** Where a message was filed. */
    static final class Filed {
        final String personId;
        final String conversationId;
        final String messageId;
        final boolean opened;
        final boolean duplicate;

        Filed(String personId, String conversationId, String messageId, boolean opened, boolean duplicate) {
            this.personId = personId;
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.opened = opened;
            this.duplicate = duplicate;
        }
    }

    /** The filing of an earlier delivery of the channel's message, if there was one. */
    Optional<Filed> duplicate(String channel, String channelMessageId) {
        if (channelMessageId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(jpa.read(em -> duplicate(em, channel, channelMessageId)));
    }

    private static Filed duplicate(EntityManager em, String channel, String channelMessageId) {
        List<MessageEntity> found = em.createQuery("SELECT m FROM MessageEntity m WHERE m.channel = :ch AND m.channelMessageId = :id",
                MessageEntity.class).setParameter("ch", channel).setParameter("id", channelMessageId).getResultList();
        if (found.isEmpty()) {
            return null;
        }
        MessageEntity m = found.get(0);
        return new Filed(m.personId, m.conversationId, m.id, false, true);
    }

    /** The person a handle on a channel belongs to, or null. */
    String identity(String channel, String handle) {
        return jpa.read(em -> {
            IdentityEntity e = em.find(IdentityEntity.class, new IdentityEntity.Key(channel, handle));
            return e == null ? null : e.personId;
        });
    }

    /** Drops an identity that points to a person who no longer exists. */
    void forgetIdentity(String channel, String handle, String personId) {
        jpa.inTransaction(em -> em.createQuery("DELETE FROM IdentityEntity i WHERE i.channel = :ch AND i.handle = :h AND i.personId = :p")
                .setParameter("ch", channel).setParameter("h", handle).setParameter("p", personId).executeUpdate());
    }

    /**
     * Records that a handle is this person's, unless it is someone's already: answers whose it is now
     * (another person's when a concurrent delivery recorded it first).
     */
    String linkIdentity(String channel, String handle, String personId) {
        for (int attempt = 1;; attempt++) {
            try {
                return jpa.inTransaction(em -> {
                    IdentityEntity existing = em.find(IdentityEntity.class, new IdentityEntity.Key(channel, handle));
                    if (existing != null) {
                        return existing.personId;
                    }
                    IdentityEntity e = new IdentityEntity();
                    e.channel = channel;
                    e.handle = handle;
                    e.personId = personId;
                    e.createdAt = MonotonicClock.nowMicros();
                    em.persist(e);
                    em.flush();
                    return personId;
                });
            } catch (PersistenceException e) {
                if (!JpaUnit.isUniqueViolation(e) || attempt == 3) {
                    throw e;
                }
                // another delivery recorded it at the same moment: read whose it is
            }
        }
    }

    /** An inbound message, checked, as the inbox files it. */
    static final class Inbound {
        String channel;
        String handle;
        String text;
        String name;
        String email;
        String phone;
        String ipAddress;
        long sentAt;
        String threadKey;
        String messageId;
        String subject;
    }

    /**
     * Files a message of a person: continues the conversation of its thread (reopening it when closed, as
     * help desks do) or, without a thread key, the person's newest open conversation on the channel, or
     * opens one. A redelivered message is not stored again.
     */
    Filed file(String personId, Inbound in, String actor) {
        Filed filed = JpaUnit.write(KIND, null, null, () -> jpa.inTransaction(em -> {
            if (in.messageId != null) {
                Filed earlier = duplicate(em, in.channel, in.messageId);
                if (earlier != null) {
                    return earlier;
                }
            }
            String sql = in.threadKey != null
                    ? "SELECT c.id FROM ConversationEntity c WHERE c.channel = :ch AND c.personId = :p AND c.threadKey = :k"
                    : "SELECT c.id FROM ConversationEntity c WHERE c.channel = :ch AND c.personId = :p AND c.state = :open"
                            + " ORDER BY c.createdAt DESC";
            TypedQuery<String> q = em.createQuery(sql, String.class).setParameter("ch", in.channel).setParameter("p", personId);
            if (in.threadKey != null) {
                q.setParameter("k", in.threadKey);
            } else {
                q.setParameter("open", Conversation.OPEN);
            }
            List<String> ids = q.setMaxResults(1).getResultList();
            // Locked by key, not in the query: Derby refuses FOR UPDATE with ORDER BY.
            ConversationEntity c = ids.isEmpty() ? null : em.find(ConversationEntity.class, ids.get(0), LockModeType.PESSIMISTIC_WRITE);
            long now = MonotonicClock.nowMicros();
            boolean opened = false;
            boolean reopened = false;
            if (c == null) {
                c = new ConversationEntity();
                c.id = Ids.newId("cnv");
                c.personId = personId;
                c.channel = in.channel;
                c.threadKey = in.threadKey;
                c.handle = in.handle;
                c.subject = in.subject;
                c.state = Conversation.OPEN;
                c.createdAt = now;
                em.persist(c);
                opened = true;
            } else if (Conversation.CLOSED.equals(c.state)) {
                c.state = Conversation.OPEN;
                c.closedAt = null;
                reopened = true;
            }
            if (c.subject == null && in.subject != null) {
                c.subject = in.subject;
            }
            c.handle = in.handle;
            if (in.messageId != null) {
                c.lastInboundId = in.messageId;
            }
            MessageEntity m = new MessageEntity();
            m.id = Ids.newId("msg");
            m.conversationId = c.id;
            m.personId = personId;
            m.channel = in.channel;
            m.direction = Message.IN;
            m.text = in.text;
            m.sentAt = in.sentAt;
            m.createdAt = now;
            m.channelMessageId = in.messageId;
            em.persist(m);
            c.messageCount++;
            c.lastMessageAt = now;
            c.lastExcerpt = excerpt(in.text);
            c.updatedAt = now;
            em.flush();
            if (opened) {
                record(em, ConversationsEvents.OPENED, c, Map.of(), actor);
            }
            if (reopened) {
                record(em, ConversationsEvents.REOPENED, c, Map.of(), actor);
            }
            Map<String, Object> data = new HashMap<>();
            data.put(ConversationsEvents.MESSAGE_ID, m.id);
            data.put(ConversationsEvents.EXCERPT, excerpt(in.text));
            record(em, ConversationsEvents.MESSAGE_RECEIVED, c, data, actor);
            return new Filed(personId, c.id, m.id, opened, false);
        }));
        changeLog.committed();
        return filed;
    }

    /** Removes everything of a deleted person; idempotent. Records each conversation's {@link #DELETED}. */
    int forget(String personId, String actor) {
        int forgotten = jpa.inTransaction(em -> {
            // each conversation's own deletion, for what other bundles keep of it (its custom attributes)
            for (String id : em.createQuery("SELECT c.id FROM ConversationEntity c WHERE c.personId = :p", String.class)
                    .setParameter("p", personId).getResultList()) {
                changeLog.record(em, Change.of(DELETED, Models.CONVERSATION, id, Map.of(ConversationsEvents.CONVERSATION_ID, id), actor));
            }
            int n = em.createQuery("DELETE FROM MessageEntity m WHERE m.personId = :p").setParameter("p", personId).executeUpdate();
            n += em.createQuery("DELETE FROM ConversationEntity c WHERE c.personId = :p").setParameter("p", personId).executeUpdate();
            n += em.createQuery("DELETE FROM IdentityEntity i WHERE i.personId = :p").setParameter("p", personId).executeUpdate();
            return n;
        });
        changeLog.committed();
        return forgotten;
    }

    // ---- channels ----

    @Override
    public List<Channel> channels() {
        Duration timeout = replyTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? replyTimeout : Duration.ofSeconds(1);
        List<Channel> channels = new ArrayList<>();
        for (ChannelPlugins.Bound<ChannelConnector> b : plugins.connectors()) {
            org.osgi.framework.Bundle bundle = b.bundle();
            if (bundle == null) {
                continue; // unregistered while we looked
            }
            Channel ch = new Channel();
            ch.channel = b.property(ChannelConnector.CHANNEL);
            ch.label = b.property(ChannelConnector.LABEL);
            Boolean canSend = plugins.canSend(b.reference);
            if (canSend == null) { // a new connector: asked once, then when replies go out
                try {
                    canSend = guard.call(bundle, "ChannelConnector.canSend", timeout, b.service::canSend);
                    plugins.canSend(b.reference, canSend);
                } catch (RuntimeException e) {
                    canSend = false; // the guard has marked the plugin: its status says why
                }
            }
            ch.canSend = canSend;
            ch.pluginSymbolicName = bundle.getSymbolicName();
            ch.pluginVersion = bundle.getVersion().toString();
            ch.pluginBundleId = bundle.getBundleId();
            channels.add(ch);
        }
        Map<Long, PluginStatus> statuses = new HashMap<>();
        for (PluginStatus s : guard.statuses()) {
            statuses.put(s.bundleId, s);
        }
        for (Channel ch : channels) {
            PluginStatus status = statuses.get(ch.pluginBundleId);
            ch.status = status == null ? PluginStatus.State.OK.name() : status.state.name();
            ch.statusMessage = status == null ? null : status.message;
        }
        return channels;
    }

    // ---- insights ----

    @Override
    public CompanyInsights insights(String companyId, Instant from, Instant to) {
        for (Object[] bound : new Object[][] { { "from", from }, { "to", to } }) {
            Instant t = (Instant) bound[1];
            if (t.isBefore(Instant.EPOCH) || t.isAfter(LATEST)) {
                throw new InvalidException((String) bound[0], "must be between 1970 and 9999, was " + t);
            }
        }
        if (!from.isBefore(to)) {
            throw new InvalidException("from", "must be before 'to' (" + to + "), was " + from);
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new InvalidException("from", "the period may span at most " + MAX_PERIOD.toDays() + " days, was "
                    + Duration.between(from, to).toDays() + " days from " + from + " to " + to);
        }
        CompaniesService c = companies;
        if (c == null) {
            throw new UnavailableException("The io.rapport.companies bundle, which knows companies and their people, is not running; retry when it is started.");
        }
        if (c.get(companyId).isEmpty()) {
            throw new NotFoundException("company", companyId);
        }
        List<String> members = membersOf(c, companyId);

        long fromMicros = micros(from);
        long toMicros = micros(to);
        // [createdAt, state, ticket, firstResponseAt, closedAt] of the period's conversations: bounded by the period.
        List<Object[]> rows = new ArrayList<>();
        jpa.read(em -> {
            for (int i = 0; i < members.size(); i += CHUNK) {
                rows.addAll(em.createQuery("SELECT c.createdAt, c.state, c.ticket, c.firstResponseAt, c.closedAt FROM ConversationEntity c"
                        + " WHERE c.personId IN :people AND c.createdAt >= :from AND c.createdAt < :to", Object[].class)
                        .setParameter("people", members.subList(i, Math.min(members.size(), i + CHUNK)))
                        .setParameter("from", fromMicros).setParameter("to", toMicros).getResultList());
            }
            return null;
        });

        CompanyInsights insights = new CompanyInsights();
        insights.companyId = companyId;
        insights.from = from;
        insights.to = to;
        insights.people = members.size();
        TreeMap<LocalDate, Long> weeks = new TreeMap<>();
        LocalDate lastWeek = weekOf(to.minusNanos(1000));
        for (LocalDate w = weekOf(from); !w.isAfter(lastWeek); w = w.plusWeeks(1)) {
            weeks.put(w, 0L);
        }
        List<Long> firstResponses = new ArrayList<>();
        List<Long> resolutions = new ArrayList<>();
        for (Object[] r : rows) {
            long created = ((Number) r[0]).longValue();
            boolean open = Conversation.OPEN.equals(r[1]);
            boolean ticket = Boolean.TRUE.equals(r[2]);
            insights.conversations++;
            if (open) {
                insights.openConversations++;
            }
            if (r[3] != null) {
                firstResponses.add(((Number) r[3]).longValue() - created);
            }
            if (ticket) {
                insights.tickets++;
                if (open) {
                    insights.openTickets++;
                } else if (r[4] != null) {
                    resolutions.add(((Number) r[4]).longValue() - created);
                }
                weeks.merge(weekOf(MonotonicClock.toInstant(created)), 1L, Long::sum);
            }
        }
        insights.ticketsPerWeek = new ArrayList<>();
        weeks.forEach((week, count) -> insights.ticketsPerWeek.add(new CompanyInsights.WeekCount(week, count)));
        insights.medianFirstResponseSeconds = medianSeconds(firstResponses);
        insights.medianResolutionSeconds = medianSeconds(resolutions);
        return insights;
    }

    /** The ids of every person of a company. */
    static List<String> membersOf(CompaniesService companies, String companyId) {
        List<String> members = new ArrayList<>();
        String cursor = null;
        do {
            Page<Membership> page = companies.peopleOf(companyId, cursor, Page.MAX_LIMIT);
            page.data.forEach(m -> members.add(m.personId));
            cursor = page.nextCursor;
        } while (cursor != null);
        return members;
    }

    private static LocalDate weekOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The median of durations in microseconds, in seconds to the millisecond; null for none. */
    static Double medianSeconds(List<Long> micros) {
        if (micros.isEmpty()) {
            return null;
        }
        Collections.sort(micros);
        int n = micros.size();
        double median = n % 2 == 1 ? micros.get(n / 2) : (micros.get(n / 2 - 1) + micros.get(n / 2)) / 2.0;
        return Math.round(median / 1000.0) / 1000.0;
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    // ---- helpers ----

    private static ConversationEntity lock(EntityManager em, String id) {
        ConversationEntity c = id == null ? null : em.find(ConversationEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new NotFoundException(KIND, id);
        }
        return c;
    }

    static String checkState(String state) {
        if (!Conversation.OPEN.equals(state) && !Conversation.CLOSED.equals(state)) {
            throw new InvalidException("state", "must be 'open' or 'closed', was '" + state + "'");
        }
        return state;
    }

    static void checkText(String text) {
        if (text == null) {
            throw new InvalidException("text", "is required: the reply, 1 to " + MAX_TEXT + " characters");
        }
        if (text.isBlank()) {
            throw new InvalidException("text", "must not be empty");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw new InvalidException("text", "must be at most " + MAX_TEXT + " characters, was " + length);
        }
    }

    static String excerpt(String text) {
        int count = text.codePointCount(0, text.length());
        return count <= ConversationsEvents.EXCERPT_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, ConversationsEvents.EXCERPT_LENGTH));
    }

    private static String limit(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }

    private void record(EntityManager em, String topic, ConversationEntity c, Map<String, Object> extra, String actor) {
        Map<String, Object> data = new HashMap<>(extra);
        data.put(ConversationsEvents.CONVERSATION_ID, c.id);
        data.put(ConversationsEvents.CHANNEL, c.channel);
        if (c.subject != null) {
            data.put(ConversationsEvents.SUBJECT, c.subject);
        }
        changeLog.record(em, Change.of(topic, Models.PERSON, c.personId, data, actor));
    }

    static Conversation toConversation(ConversationEntity e) {
        Conversation c = new Conversation();
        c.id = e.id;
        c.personId = e.personId;
        c.channel = e.channel;
        c.threadKey = e.threadKey;
        c.subject = e.subject;
        c.state = e.state;
        c.ticket = e.ticket;
        c.createdAt = MonotonicClock.toInstant(e.createdAt);
        c.updatedAt = MonotonicClock.toInstant(e.updatedAt);
        c.closedAt = e.closedAt == null ? null : MonotonicClock.toInstant(e.closedAt);
        c.firstResponseAt = e.firstResponseAt == null ? null : MonotonicClock.toInstant(e.firstResponseAt);
        c.messageCount = e.messageCount;
        c.lastMessageAt = e.lastMessageAt == null ? null : MonotonicClock.toInstant(e.lastMessageAt);
        c.lastExcerpt = e.lastExcerpt;
        return c.version(e.version);
    }

    static Message toMessage(MessageEntity e) {
        Message m = new Message();
        m.id = e.id;
        m.conversationId = e.conversationId;
        m.direction = e.direction;
        m.text = e.text;
        m.sentAt = MonotonicClock.toInstant(e.sentAt);
        m.author = e.author;
        m.channelMessageId = e.channelMessageId;
        m.deliveryStatus = e.deliveryStatus;
        m.deliveryError = e.deliveryError;
        return m;
    }
}
