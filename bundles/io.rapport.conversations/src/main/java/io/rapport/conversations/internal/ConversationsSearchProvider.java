package io.rapport.conversations.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.persistence.api.SubjectPages;
import io.rapport.conversations.api.Conversation;
import io.rapport.conversations.api.ConversationsService;
import io.rapport.conversations.api.Message;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * Timeline facts of people as search fields: {@code last_seen} (when the person's latest message was
 * sent, as the channel says, but never later than it arrived), {@code conversations.count},
 * {@code conversations.open} and {@code tickets.open} (open conversations marked as tickets). A person
 * without conversations has none of the counts (not 0): {@code is_absent} finds them.
 * <p>
 * Reads this bundle's tables through the persistence unit's {@link EntityManagerFactory} service, which
 * the conversations service publishes when it opens the unit (and which goes with it).
 */
@Component(service = SearchFieldProvider.class, property = SearchFieldProvider.MODELS + "=" + Models.PERSON)
public class ConversationsSearchProvider implements SearchFieldProvider {
    static final String LAST_SEEN = "last_seen";
    static final String COUNT = "conversations.count";
    static final String OPEN = "conversations.open";
    static final String OPEN_TICKETS = "tickets.open";
    /** Rows per read while loading. */
    static final int PAGE = 5000;
    private static final List<SearchField> FIELDS = List.of(
            new SearchField(LAST_SEEN, FieldType.INSTANT, "When the person last wrote to us (their latest inbound message)"),
            new SearchField(COUNT, FieldType.NUMBER, "How many conversations the person has had (absent for none)"),
            new SearchField(OPEN, FieldType.NUMBER, "How many of the person's conversations are open (absent without conversations)"),
            new SearchField(OPEN_TICKETS, FieldType.NUMBER, "How many of the person's open conversations are tickets (absent without conversations)"));

    private final EntityManagerFactory unit;

    /**
     * @param conversations not used: referenced so that the service, which opens the unit and so
     *            publishes its factory, is active while this provider is
     */
    @Activate
    public ConversationsSearchProvider(@Reference ConversationsService conversations,
            @Reference(target = "(osgi.unit.name=io.rapport.conversations)") EntityManagerFactory unit) {
        this.unit = unit;
    }

    @Override
    public List<SearchField> fields(String model) {
        return Models.PERSON.equals(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/conversations/");
    }

    @Override
    public void load(String model, IndexSink sink) {
        if (!Models.PERSON.equals(model)) {
            return;
        }
        conversationsByPerson(unit, (person, rows) -> counts(rows).forEach((field, value) -> sink.set(model, person, field, value)));
        SubjectPages.forEach(
                (after, limit) -> read(em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID, SENT_AT, CREATED_AT FROM CONVERSATIONS_MESSAGE "
                        + "WHERE PERSON_ID > ? AND DIRECTION = ? ORDER BY PERSON_ID FETCH FIRST " + limit + " ROWS ONLY")
                        .setParameter(1, after).setParameter(2, Message.IN))),
                person -> read(em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID, SENT_AT, CREATED_AT FROM CONVERSATIONS_MESSAGE "
                        + "WHERE PERSON_ID = ? AND DIRECTION = ?").setParameter(1, person).setParameter(2, Message.IN))),
                PAGE, (person, rows) -> sink.set(model, person, LAST_SEEN, lastSeen(rows)));
    }

    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        // every conversations change is about one person's conversation
        if (!Models.PERSON.equals(model) || subjectId == null) {
            return;
        }
        List<Object[]> conversations = read(em -> em.createQuery("SELECT c.personId, c.state, c.ticket FROM ConversationEntity c "
                + "WHERE c.personId = :p", Object[].class).setParameter("p", subjectId).getResultList());
        counts(conversations).forEach((field, value) -> sink.set(model, subjectId, field, value));
        List<Object[]> inbound = read(em -> em.createQuery("SELECT m.personId, m.sentAt, m.createdAt FROM MessageEntity m "
                + "WHERE m.personId = :p AND m.direction = :in", Object[].class).setParameter("p", subjectId).setParameter("in", Message.IN)
                .getResultList());
        sink.set(model, subjectId, LAST_SEEN, lastSeen(inbound));
    }

    /**
     * Every person's conversations as rows {@code [person, state, ticket]}, one person at a time, read in
     * pages ordered by a (PERSON_ID, ...) index alone, so that the database reads in index order and never sorts.
     */
    static void conversationsByPerson(EntityManagerFactory unit, java.util.function.BiConsumer<String, List<Object[]>> each) {
        SubjectPages.forEach(
                (after, limit) -> read(unit, em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID, STATE, TICKET FROM CONVERSATIONS_CONVERSATION "
                        + "WHERE PERSON_ID > ? ORDER BY PERSON_ID FETCH FIRST " + limit + " ROWS ONLY").setParameter(1, after))),
                person -> read(unit, em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID, STATE, TICKET FROM CONVERSATIONS_CONVERSATION WHERE PERSON_ID = ?")
                        .setParameter(1, person))),
                PAGE, each);
    }

    /** The counts of one person from their conversations' rows {@code [person, state, ticket]}; all null for none. */
    static Map<String, Object> counts(List<Object[]> rows) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            values.put(COUNT, null);
            values.put(OPEN, null);
            values.put(OPEN_TICKETS, null);
            return values;
        }
        long open = 0;
        long openTickets = 0;
        for (Object[] r : rows) {
            if (Conversation.OPEN.equals(r[1])) {
                open++;
                if (isTrue(r[2])) {
                    openTickets++;
                }
            }
        }
        values.put(COUNT, (long) rows.size());
        values.put(OPEN, open);
        values.put(OPEN_TICKETS, openTickets);
        return values;
    }

    /** The latest of one person's inbound messages {@code [person, sentAt, createdAt]}: sent, but not after it arrived. */
    static Long lastSeen(List<Object[]> rows) {
        Long latest = null;
        for (Object[] r : rows) {
            long sent = ((Number) r[1]).longValue();
            long arrived = ((Number) r[2]).longValue();
            long seen = Math.min(sent, arrived);
            if (latest == null || seen > latest) {
                latest = seen;
            }
        }
        return latest;
    }

    /** A boolean column, as JPQL (Boolean) or plain SQL (a number on databases without booleans) answers it. */
    private static boolean isTrue(Object value) {
        return value instanceof Boolean ? (Boolean) value : value instanceof Number && ((Number) value).intValue() != 0;
    }

    private <T> T read(Function<EntityManager, T> work) {
        return read(unit, work);
    }

    /** A read in an entity manager of its own, closed after. */
    static <T> T read(EntityManagerFactory unit, Function<EntityManager, T> work) {
        EntityManager em = unit.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

}
