package io.rapport.rest.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.ConflictException;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.api.Validators;

/**
 * Team members and their sessions. Users are few and every request of a signed-in browser looks its
 * session up, so both are kept in memory and written through to the database (sessions survive a
 * restart). A session ends when its user signs out, is deactivated or deleted, after
 * {@link #IDLE} without a request, and {@link #LIFETIME} after sign-in at the latest.
 */
@Component(service = UserStore.class)
public class UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    static final Duration IDLE = Duration.ofHours(12);
    static final Duration LIFETIME = Duration.ofDays(7);
    /** A session's last use is written back at most this often. */
    private static final long TOUCH_MICROS = Duration.ofMinutes(5).toNanos() / 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A live session: who it is, and the CSRF token its state-changing requests must carry. */
    record Session(String secretHash, String userId, String csrfToken, long createdAt, long lastSeenAt) {
    }

    private final JpaUnit jpa;
    private final Map<String, UserEntity> users = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Activate
    public UserStore(@Reference Database database, @Reference(target = "(osgi.unit.name=io.rapport.rest)") EntityManagerFactoryBuilder unit) {
        this.jpa = database.open(unit);
        try {
            jpa.read(em -> em.createQuery("SELECT u FROM UserEntity u", UserEntity.class).getResultList()).forEach(u -> users.put(u.id, u));
            long now = MonotonicClock.nowMicros();
            jpa.inTransaction(em -> em.createQuery("DELETE FROM SessionEntity s WHERE s.lastSeenAt < :idle OR s.createdAt < :old")
                    .setParameter("idle", now - micros(IDLE)).setParameter("old", now - micros(LIFETIME)).executeUpdate());
            jpa.read(em -> em.createQuery("SELECT s FROM SessionEntity s", SessionEntity.class).getResultList())
                    .forEach(s -> sessions.put(s.secretHash, new Session(s.secretHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt)));
        } catch (RuntimeException e) {
            jpa.close();
            throw e;
        }
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    // ---- users

    boolean anyUser() {
        return !users.isEmpty();
    }

    List<UserEntity> list() {
        List<UserEntity> list = new ArrayList<>(users.values());
        list.sort(Comparator.comparing((UserEntity u) -> u.name.toLowerCase()).thenComparing(u -> u.id));
        return list;
    }

    UserEntity get(String id) {
        UserEntity u = users.get(id);
        if (u == null) {
            throw new NotFoundException("user", id);
        }
        return u;
    }

    /** Creates a user; {@code firstAdmin}: only while there is none (the setup), as one check with the write. */
    synchronized UserEntity create(String email, String name, String password, String role, boolean firstAdmin) {
        if (firstAdmin && !users.isEmpty()) {
            throw new ConflictException("The first admin exists already; sign in, or ask an admin to add you.");
        }
        String normalised = Validators.normaliseEmail(email);
        if (users.values().stream().anyMatch(u -> u.email.equals(normalised))) {
            throw new ConflictException("email", "A user with the email '" + normalised + "' exists already.");
        }
        UserEntity u = new UserEntity();
        u.id = Ids.newId("usr");
        u.email = normalised;
        u.name = name;
        u.role = role;
        u.passwordHash = Passwords.hash(password);
        u.active = true;
        u.createdAt = MonotonicClock.nowMicros();
        u.updatedAt = u.createdAt;
        jpa.inTransaction(em -> {
            em.persist(u);
            return null;
        });
        users.put(u.id, u);
        LOG.info("User {} ({}) created as {}", u.id, u.email, u.role);
        return u;
    }

    /** Changes what is given (null: unchanged); deactivating or demoting the last active admin is refused. */
    synchronized UserEntity update(String id, String name, String role, Boolean active, String password) {
        UserEntity current = get(id);
        boolean loses = current.active && RestApi.ROLE_ADMIN.equals(current.role)
                && (Boolean.FALSE.equals(active) || role != null && !RestApi.ROLE_ADMIN.equals(role));
        if (loses && activeAdmins() <= 1) {
            throw new ConflictException("This is the last active admin; make another user admin first.");
        }
        UserEntity u = copy(current);
        u.name = name != null ? name : u.name;
        u.role = role != null ? role : u.role;
        u.active = active != null ? active : u.active;
        u.passwordHash = password != null ? Passwords.hash(password) : u.passwordHash;
        u.updatedAt = MonotonicClock.nowMicros();
        jpa.inTransaction(em -> em.merge(u));
        users.put(u.id, u);
        if (!u.active || password != null) {
            endSessionsOf(u.id); // a deactivated user is out at once; a new password signs other browsers out
        }
        return u;
    }

    synchronized void delete(String id) {
        UserEntity u = get(id);
        if (u.active && RestApi.ROLE_ADMIN.equals(u.role) && activeAdmins() <= 1) {
            throw new ConflictException("This is the last active admin; make another user admin first.");
        }
        endSessionsOf(id);
        jpa.inTransaction(em -> {
            UserEntity found = em.find(UserEntity.class, id);
            if (found != null) {
                em.remove(found);
            }
            return null;
        });
        users.remove(id);
    }

    private long activeAdmins() {
        return users.values().stream().filter(u -> u.active && RestApi.ROLE_ADMIN.equals(u.role)).count();
    }

    // ---- sessions

    /** The user whose email and password these are, active; empty otherwise (the same work either way). */
    Optional<UserEntity> check(String email, String password) {
        String normalised = Validators.normaliseEmail(email);
        UserEntity u = normalised == null ? null : users.values().stream().filter(x -> x.email.equals(normalised)).findFirst().orElse(null);
        if (u == null) {
            Passwords.verifyNothing(password);
            return Optional.empty();
        }
        return Passwords.verify(password, u.passwordHash) && u.active ? Optional.of(u) : Optional.empty();
    }

    /** Signs {@code user} in: answers the cookie's secret and the session (with its CSRF token). */
    Map.Entry<String, Session> signIn(UserEntity user) {
        String secret = random(32);
        long now = MonotonicClock.nowMicros();
        Session s = new Session(TokenStore.hash(secret), user.id, random(24), now, now);
        SessionEntity e = new SessionEntity();
        e.secretHash = s.secretHash();
        e.userId = s.userId();
        e.csrfToken = s.csrfToken();
        e.createdAt = s.createdAt();
        e.lastSeenAt = s.lastSeenAt();
        jpa.inTransaction(em -> {
            em.persist(e);
            return null;
        });
        sessions.put(s.secretHash(), s);
        return Map.entry(secret, s);
    }

    /** The live session of a cookie's secret, touched; empty when there is none, or it ended. */
    Optional<Session> session(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = TokenStore.hash(secret);
        Session s = sessions.get(hash);
        if (s == null) {
            return Optional.empty();
        }
        long now = MonotonicClock.nowMicros();
        UserEntity u = users.get(s.userId());
        if (u == null || !u.active || now - s.lastSeenAt() > micros(IDLE) || now - s.createdAt() > micros(LIFETIME)) {
            end(hash);
            return Optional.empty();
        }
        if (now - s.lastSeenAt() > TOUCH_MICROS) {
            Session touched = new Session(hash, s.userId(), s.csrfToken(), s.createdAt(), now);
            sessions.put(hash, touched);
            jpa.inTransaction(em -> {
                SessionEntity e = em.find(SessionEntity.class, hash);
                if (e != null) {
                    e.lastSeenAt = now;
                }
                return null;
            });
            return Optional.of(touched);
        }
        return Optional.of(s);
    }

    /** Who a session is, as the API records it. */
    Caller caller(Session s) {
        UserEntity u = users.get(s.userId());
        return new Caller(u.id, u.name, u.role);
    }

    UserEntity userOf(Session s) {
        return get(s.userId());
    }

    void signOut(String secret) {
        if (secret != null) {
            end(TokenStore.hash(secret));
        }
    }

    void end(String hash) {
        if (sessions.remove(hash) != null) {
            jpa.inTransaction(em -> em.createQuery("DELETE FROM SessionEntity s WHERE s.secretHash = :h").setParameter("h", hash).executeUpdate());
        }
    }

    private void endSessionsOf(String userId) {
        sessions.values().removeIf(s -> s.userId().equals(userId));
        jpa.inTransaction(em -> em.createQuery("DELETE FROM SessionEntity s WHERE s.userId = :u").setParameter("u", userId).executeUpdate());
    }

    private static UserEntity copy(UserEntity u) {
        UserEntity c = new UserEntity();
        c.id = u.id;
        c.email = u.email;
        c.name = u.name;
        c.role = u.role;
        c.passwordHash = u.passwordHash;
        c.active = u.active;
        c.createdAt = u.createdAt;
        c.updatedAt = u.updatedAt;
        return c;
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
