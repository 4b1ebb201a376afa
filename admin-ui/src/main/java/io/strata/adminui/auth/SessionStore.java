package io.strata.adminui.auth;

import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.problem.ConsoleProblem;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in memory only (a restart of the console signs everyone out).
 *
 * <p>A session id is 32 bytes from {@link SecureRandom}, base64url, handed to the browser once in
 * the session cookie; the store keys sessions by the SHA-256 of the id, so a lookup compares
 * digests, never the secret itself, and a heap dump does not hold usable ids. A session ends at
 * {@link #end}, after {@code idle-timeout} without use, or {@code max-lifetime} after it began,
 * whichever comes first; an ended session is removed with the password it held (expired ones at
 * the next {@link #find} of them or the sweep, once a minute). At most {@code max-sessions} live at
 * once.
 *
 * <p>Thread-safe: a concurrent map of immutable {@link ConsoleSession}s.
 */
@Singleton
public class SessionStore {

    private static final int ID_BYTES = 32;
    private static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final int maxSessions;

    /** A new session's id (for the cookie only) and the session. */
    public record Opened(String id, ConsoleSession session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    @Inject
    public SessionStore(AdminUiConfig config) {
        this(Clock.systemUTC(), config.auth().idleTimeout(), config.auth().maxLifetime(), config.auth().maxSessions());
    }

    public SessionStore(Clock clock, Duration idleTimeout, Duration maxLifetime, int maxSessions) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxLifetime.isNegative() || maxLifetime.isZero() || maxSessions < 1) {
            throw new IllegalArgumentException("strata.admin-ui.auth: idle-timeout and max-lifetime must be positive and "
                    + "max-sessions at least 1, got " + idleTimeout + ", " + maxLifetime + ", " + maxSessions);
        }
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxLifetime = maxLifetime;
        this.maxSessions = maxSessions;
    }

    /** Sweeps expired sessions once a minute, so an idle session's password does not outlive it by more than that. */
    void sweepPeriodically(@Observes StartupEvent start, Vertx vertx) {
        vertx.setPeriodic(SWEEP_PERIOD.toMillis(), timer -> sweep());
    }

    /** Starts a session; refused (503) when {@code max-sessions} are live. */
    public Opened open(String user, Role role, String authorization, String clientAddress) {
        if (sessions.size() >= maxSessions && sweep() == 0 && sessions.size() >= maxSessions) {
            throw new ConsoleProblem(503, "TOO_MANY_SESSIONS", "Too many sessions", "the console has " + sessions.size()
                    + " sessions, its limit (strata.admin-ui.auth.max-sessions): try again when one has ended");
        }
        Instant now = clock.instant();
        String id = token();
        ConsoleSession session = new ConsoleSession(user, role, token(), authorization, clientAddress, now, now);
        sessions.put(key(id), session);
        return new Opened(id, session);
    }

    /** The live session of this id, its last use set to now; empty (and removed) when it has expired. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ConsoleSession touched = sessions.computeIfPresent(key(id), (key, session) -> expired(session, now) ? null : session.touched(now));
        return Optional.ofNullable(touched);
    }

    /** Whether the session of this id is live, without counting this as a use (a long stream must not keep it alive). */
    public boolean isLive(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return false;
        }
        ConsoleSession session = sessions.get(key(id));
        return session != null && !expired(session, clock.instant());
    }

    /** Ends the session of this id, if any; answers whether there was one. */
    public boolean end(String id) {
        return id != null && sessions.remove(key(id)) != null;
    }

    /** Removes every expired session; answers how many. */
    public int sweep() {
        Instant now = clock.instant();
        int before = sessions.size();
        sessions.values().removeIf(session -> expired(session, now));
        return Math.max(0, before - sessions.size());
    }

    public int size() {
        return sessions.size();
    }

    private boolean expired(ConsoleSession session, Instant now) {
        return !now.isBefore(session.lastUsedAt().plus(idleTimeout)) || !now.isBefore(session.createdAt().plus(maxLifetime));
    }

    private String token() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String id) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
