package io.rapport.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.NotFoundException;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.RapportHome;
import io.rapport.platform.api.RestApi;

/**
 * API tokens: created with a random secret that is shown once, stored as its SHA-256. On the first start
 * with no token at all, it creates the admin token and writes it to {@code data/admin-token}.
 */
@OwnsPersistenceUnit
@Component(service = TokenStore.class)
public class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JpaUnit jpa;
    /** Secret hash to caller: every request is authenticated, so lookups stay in memory. */
    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();

    @Activate
    public TokenStore(BundleContext context, @Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.rest)") EntityManagerFactoryBuilder unit) {
        this.jpa = database.open(unit);
        try {
            jpa.read(em -> em.createQuery("SELECT t FROM TokenEntity t", TokenEntity.class).getResultList())
                    .forEach(t -> byHash.put(t.secretHash, caller(t)));
            if (byHash.isEmpty()) {
                createAdminToken(RapportHome.data(context).resolve("admin-token"));
            }
        } catch (RuntimeException e) {
            jpa.close();
            throw e;
        }
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    /** The caller a bearer secret belongs to, if it is a live token. */
    public Optional<Caller> authenticate(String secret) {
        return Optional.ofNullable(byHash.get(hash(secret)));
    }

    /** Creates a token; the answer carries the secret, which is never shown again. */
    public TokenDto create(String name, String role) {
        TokenEntity t = new TokenEntity();
        t.id = Ids.newId("tok");
        t.name = name;
        t.role = role;
        t.createdAt = MonotonicClock.nowMicros();
        String secret = "rpt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        t.secretHash = hash(secret);
        jpa.inTransaction(em -> {
            em.persist(t);
            return null;
        });
        byHash.put(t.secretHash, caller(t));
        TokenDto dto = dto(t);
        dto.token = secret;
        return dto;
    }

    public List<TokenDto> list() {
        return jpa.read(em -> em.createQuery("SELECT t FROM TokenEntity t ORDER BY t.createdAt DESC, t.id DESC",
                TokenEntity.class).getResultList()).stream().map(TokenStore::dto).collect(Collectors.toList());
    }

    public TokenDto get(String id) {
        TokenEntity t = jpa.read(em -> em.find(TokenEntity.class, id));
        if (t == null) {
            throw new NotFoundException("token", id);
        }
        return dto(t);
    }

    /** Revokes a token at once; refuses to revoke the last admin token, which would lock everyone out. */
    public void revoke(String id) {
        TokenEntity removed = jpa.inTransaction(em -> {
            TokenEntity t = em.find(TokenEntity.class, id);
            if (t == null) {
                throw new NotFoundException("token", id);
            }
            if (RestApi.ROLE_ADMIN.equals(t.role)) {
                long admins = em.createQuery("SELECT COUNT(t) FROM TokenEntity t WHERE t.role = :r", Long.class)
                        .setParameter("r", RestApi.ROLE_ADMIN).getSingleResult();
                if (admins <= 1) {
                    throw new ConflictException("This is the last admin token; create another admin token before revoking it.");
                }
            }
            em.remove(t);
            return t;
        });
        byHash.remove(removed.secretHash);
    }

    private void createAdminToken(Path file) {
        TokenDto admin = create("admin", RestApi.ROLE_ADMIN);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.write(file, (admin.token + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
            LOG.info("Created the admin token; it is in {} (readable only by its owner)", file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the admin token to " + file, e);
        }
    }

    private static Caller caller(TokenEntity t) {
        return new Caller(t.id, t.name, t.role);
    }

    private static TokenDto dto(TokenEntity t) {
        TokenDto dto = new TokenDto();
        dto.id = t.id;
        dto.name = t.name;
        dto.role = t.role;
        dto.createdAt = MonotonicClock.toInstant(t.createdAt);
        return dto;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
