package io.rapport.conversations.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.Inbox;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.LocationResolver;
import io.rapport.conversations.spi.ResolvedLocation;
import io.rapport.people.api.Location;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Validators;

/**
 * Files inbound messages: finds or creates the sender, then the conversation (see
 * {@link ConversationsServiceImpl#file}). Deliveries from one sender are filed one at a time in this
 * runtime (striped locks), and the unique identity and thread keys settle races between runtimes.
 */
@Component(service = Inbox.class, configurationPid = ConversationsConfig.PID)
public class InboxImpl implements Inbox {
    static final int MAX_CHANNEL = 64;
    static final int MAX_HANDLE = 320;
    static final int MAX_TEXT = 100_000;
    static final int MAX_SUBJECT = 998;
    static final int MAX_NAME = 200;
    /** Thread keys and message ids (an email's Message-ID is at most 998 characters in theory, a few dozen in practice). */
    static final int MAX_KEY = 500;
    private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Logger LOG = LoggerFactory.getLogger(InboxImpl.class);

    private final ConversationsServiceImpl store;
    private final PluginGuard guard;
    private final ChannelPlugins plugins;
    private final Object[] senders = new Object[64];
    private volatile Duration locationTimeout;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PeopleService people;

    @Activate
    public InboxImpl(@Reference ConversationsServiceImpl store, @Reference PluginGuard guard, @Reference ChannelPlugins plugins,
            ConversationsConfig config) {
        this.store = store;
        this.guard = guard;
        this.plugins = plugins;
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Object();
        }
        configure(config);
    }

    @Modified
    void configure(ConversationsConfig config) {
        locationTimeout = Duration.ofMillis(Math.max(1, config.location_timeout_ms()));
    }

    @Override
    public Delivery deliver(InboundMessage message) {
        ConversationsServiceImpl.Inbound in = check(message);
        PeopleService people = this.people;
        if (people == null) {
            throw new UnavailableException("The io.rapport.people bundle, which knows people, is not running; the message was not filed, retry when it is started.");
        }
        Optional<ConversationsServiceImpl.Filed> earlier = store.duplicate(in.channel, in.messageId);
        if (earlier.isPresent()) {
            return delivery(earlier.get(), false);
        }
        // Before taking the sender's lock, and bounded by the guard's time limit.
        Located location = in.ipAddress == null ? null : locate(in.ipAddress);
        String actor = "channel:" + in.channel;
        synchronized (senders[Math.floorMod(Objects.hash(in.channel, in.handle), senders.length)]) {
            Sender sender = sender(people, in, location, actor);
            ConversationsServiceImpl.Filed filed = store.file(sender.person.id, in, actor);
            if (!filed.duplicate && !sender.created) {
                update(people, sender.person, in, location, actor);
            }
            return delivery(filed, sender.created);
        }
    }

    private static Delivery delivery(ConversationsServiceImpl.Filed f, boolean createdPerson) {
        return new Delivery(f.personId, f.conversationId, f.messageId, createdPerson, f.opened, f.duplicate);
    }

    private static final class Sender {
        final Person person;
        final boolean created;

        Sender(Person person, boolean created) {
            this.person = person;
            this.created = created;
        }
    }

    /** The sender by their handle on the channel, then by email, then by phone, or a new person; their handle recorded. */
    private Sender sender(PeopleService people, ConversationsServiceImpl.Inbound in, Located location, String actor) {
        for (int attempt = 1;; attempt++) {
            String known = store.identity(in.channel, in.handle);
            if (known != null) {
                Optional<Person> p = people.get(known);
                if (p.isPresent()) {
                    return new Sender(p.get(), false);
                }
                store.forgetIdentity(in.channel, in.handle, known); // deleted; the cleanup would drop it soon
            }
            Person person = in.email == null ? null : people.findByEmail(in.email).orElse(null);
            if (person == null && in.phone != null) {
                person = people.findByPhone(in.phone).orElse(null);
            }
            boolean created = false;
            if (person == null) {
                PersonData d = new PersonData();
                d.name = in.name;
                d.emails = in.email == null ? List.of() : List.of(in.email);
                d.phones = in.phone == null ? List.of() : List.of(in.phone);
                if (location != null) {
                    ResolvedLocation place = location.place;
                    d.location = new Location(place.city(), place.region(), place.country(), Location.IP, location.ip, location.resolvedBy);
                }
                try {
                    person = people.create(d, actor);
                    created = true;
                } catch (ConflictException e) {
                    if (attempt < 3) {
                        continue; // someone stored this email at the same moment: look again
                    }
                    throw e;
                }
            }
            String owner = store.linkIdentity(in.channel, in.handle, person.id);
            if (owner.equals(person.id)) {
                return new Sender(person, created);
            }
            // Another delivery from this sender recorded the handle first: theirs is the person.
            if (created) {
                try {
                    people.delete(person.id, null, actor);
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove the duplicate person {} created for {} on {}", person.id, in.handle, in.channel, e);
                }
            }
            Optional<Person> winner = people.get(owner);
            if (winner.isPresent()) {
                return new Sender(winner.get(), false);
            }
            if (attempt >= 3) {
                throw new ConflictException("The sender's person changed while the message was filed; deliver it again.");
            }
        }
    }

    /** Fills a known person's missing name and moves their location to where the resolver places the message. */
    private void update(PeopleService people, Person person, ConversationsServiceImpl.Inbound in, Located resolved, String actor) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (person.name == null && in.name != null) {
            patch.put("name", in.name);
        }
        Map<String, Object> location = locationPatch(person.location == null ? new Location() : person.location,
                resolved == null ? null : resolved.place);
        if (!location.isEmpty()) { // the place moves: it says where it came from
            location.put("source", Location.IP);
            location.put("ip", resolved.ip);
            location.put("resolved_by", resolved.resolvedBy);
            patch.put("location", location);
        }
        if (patch.isEmpty()) {
            return;
        }
        try {
            people.patch(person.id, patch, null, actor);
        } catch (RuntimeException e) { // the message is filed; the profile can wait for the next one
            LOG.info("Could not update person {} from a message on {}: {}", person.id, in.channel, e.toString());
        }
    }

    /**
     * The merge patch of a person's location: in another country, the resolved location replaces it
     * whole; in the same country, only the parts the resolver knows and that differ (a coarser answer
     * does not erase a city).
     */
    static Map<String, Object> locationPatch(Location current, ResolvedLocation resolved) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (resolved == null) {
            return patch;
        }
        String country = blankToNull(resolved.country());
        String region = blankToNull(resolved.region());
        String city = blankToNull(resolved.city());
        if (country != null && !country.equals(current.country)) {
            patch.put("city", city);
            patch.put("region", region);
            patch.put("country", country);
            return patch;
        }
        if (region != null && !region.equals(current.region)) {
            patch.put("region", region);
        }
        if (city != null && !city.equals(current.city)) {
            patch.put("city", city);
        }
        return patch;
    }

    /** A place a resolver found for an address: what a person's location records as its source. */
    private static final class Located {
        final ResolvedLocation place;
        final String ip;
        final String resolvedBy;

        Located(ResolvedLocation place, String ip, String resolvedBy) {
            this.place = place;
            this.ip = ip;
            this.resolvedBy = resolvedBy;
        }
    }

    /** Where the resolver with the highest ranking places the address; null when unknown, slow or failing. */
    private Located locate(String ipAddress) {
        InetAddress address = literal(ipAddress);
        Optional<ChannelPlugins.Bound<LocationResolver>> found = plugins.resolver();
        if (address == null || found.isEmpty() || found.get().bundle() == null) {
            return null;
        }
        LocationResolver resolver = found.get().service;
        try {
            ResolvedLocation l = guard.call(found.get().bundle(), "LocationResolver.resolve", locationTimeout, () -> {
                Optional<ResolvedLocation> answer = resolver.resolve(address);
                return answer == null ? null : answer.orElse(null);
            });
            if (l == null || tooLong(l.city()) || tooLong(l.region()) || tooLong(l.country())) {
                return null;
            }
            String ip = ipAddress.trim().length() <= 45 ? ipAddress.trim() : address.getHostAddress(); // as people store it
            return new Located(l, ip, found.get().bundle().getSymbolicName());
        } catch (RuntimeException e) { // the guard has marked the resolver; the message goes on without a location
            LOG.debug("No location for {}: {}", ipAddress, e.toString());
            return null;
        }
    }

    /** Longer than a person's location field takes. */
    private static boolean tooLong(String part) {
        return part != null && part.trim().length() > 100;
    }

    /** The address of an IP literal, never looked up in DNS; null when it is none. */
    static InetAddress literal(String ip) {
        if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(ip); // a literal: parsed, not resolved
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /** Checks a connector's message; the bounds are what storage and people accept. */
    static ConversationsServiceImpl.Inbound check(InboundMessage m) {
        if (m == null) {
            throw new IllegalArgumentException("No message");
        }
        ConversationsServiceImpl.Inbound in = new ConversationsServiceImpl.Inbound();
        in.channel = required("channel", m.channel(), MAX_CHANNEL);
        if (!CHANNEL.matcher(in.channel).matches()) {
            throw new IllegalArgumentException("channel '" + in.channel
                    + "' must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        in.handle = required("handle", m.handle(), MAX_HANDLE);
        if (m.text() == null || m.text().isBlank()) {
            throw new IllegalArgumentException("text is required and must not be empty");
        }
        int length = m.text().codePointCount(0, m.text().length());
        if (length > MAX_TEXT) {
            throw new IllegalArgumentException("text must be at most " + MAX_TEXT + " characters, was " + length);
        }
        in.text = m.text();
        in.name = optional("name", m.name(), MAX_NAME);
        in.subject = optional("subject", m.subject(), MAX_SUBJECT);
        in.threadKey = optional("thread key", m.threadKey(), MAX_KEY);
        in.messageId = optional("message id", m.messageId(), MAX_KEY);
        // Contact details that do not check out are left out rather than losing the message.
        in.email = Validators.normaliseEmail(m.email());
        String phone = blankToNull(m.phone());
        in.phone = phone != null && phone.length() <= 40 && Validators.isPhone(phone) ? phone : null;
        String ip = blankToNull(m.ipAddress());
        in.ipAddress = ip != null && ip.length() <= 64 ? ip : null;
        Instant sent = m.sentAt() == null ? Instant.now() : m.sentAt();
        try {
            in.sentAt = ConversationsServiceImpl.micros(sent);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("sent at " + sent + " is out of range");
        }
        return in;
    }

    private static String required(String field, String value, int max) {
        String v = blankToNull(value);
        if (v == null) {
            throw new IllegalArgumentException(field + " is required and must not be empty");
        }
        return bounded(field, v, max);
    }

    private static String optional(String field, String value, int max) {
        String v = blankToNull(value);
        return v == null ? null : bounded(field, v, max);
    }

    /** Bounded in UTF-16 units, as the database counts a VARCHAR. */
    private static String bounded(String field, String v, int max) {
        int length = v.length();
        if (length > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + length);
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
