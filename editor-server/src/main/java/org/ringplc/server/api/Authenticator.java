package org.ringplc.server.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The access token and the browser sessions, PRODUCT.md §5.
 *
 * <p>There are two kinds of token. A <em>fixed</em> token ({@code --token T} or
 * {@code RINGPLC_TOKEN}) is meant for scripts and tests: it is accepted as
 * {@code Authorization: Bearer T} and for login as often as it is presented. A <em>random</em>
 * token is the Jupyter-style one printed in the start-up URL: it logs in exactly one browser
 * session and is void afterwards, so a URL left in a terminal scroll-back or a shell history opens
 * nothing once it was used. Until then it is accepted as a Bearer token too.
 *
 * <p>With a {@link UserStore} ({@link #withUsers}), people log in with a name and password too
 * and get their own role; a session of a user follows the users file, so removing a user or
 * changing their role takes effect at their next request. Token holders stay administrators: the
 * token is how the box's owner gets in before any user exists.
 *
 * <p>Failed logins (token, password or Bearer header) are counted per client address by a
 * {@link LoginThrottle}.
 *
 * <p>Tokens are compared in constant time over their SHA-256 digests, which also hides their
 * length. Session ids are 256 random bits; a session ends after {@link #SESSION_IDLE} without a
 * request or {@link #SESSION_MAX_AGE} after login, whichever is first.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {
    /** An operator's shift: a browser left open overnight logs in again in the morning. */
    static final Duration SESSION_IDLE = Duration.ofHours(12);
    /** Bounds the life of a stolen cookie even on a page that polls all the time. */
    static final Duration SESSION_MAX_AGE = Duration.ofDays(7);
    /** Bounds memory if a script logs in in a loop; the oldest session is dropped first. */
    static final int MAX_SESSIONS = 1000;

    public static final String COOKIE = "ringplc_session";

    /** Every token-holder is the machine's administrator until users and roles are configured. */
    private static final Role TOKEN_ROLE = Role.ADMIN;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] tokenDigest;
    private final String token;
    private final boolean oneTime;
    private final AtomicBoolean consumed = new AtomicBoolean();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private final Clock clock;
    private final UserStore users;
    private final LoginThrottle throttle;

    /** @param user true: a user of the users file, whose role is looked up again on every request */
    private record Session(Principal principal, Instant created, Instant lastSeen, boolean user) {
    }

    private Authenticator(String token, boolean oneTime, Clock clock) {
        this(token, oneTime, clock, null);
    }

    private Authenticator(String token, boolean oneTime, Clock clock, UserStore users) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the access token must not be empty");
        }
        this.token = token;
        this.tokenDigest = digest(token);
        this.oneTime = oneTime;
        this.clock = clock;
        this.users = users;
        this.throttle = new LoginThrottle(clock);
    }

    /**
     * The same token, and password logins for the users of {@code store}. Call before the
     * authenticator is used: the copy starts with no sessions.
     */
    public Authenticator withUsers(UserStore store) {
        return new Authenticator(token, oneTime, clock, store);
    }

    /** The users file in use, if password logins are on. */
    public Optional<UserStore> users() {
        return Optional.ofNullable(users);
    }

    LoginThrottle throttle() {
        return throttle;
    }

    /** A token given by the user; it keeps working. */
    public static Authenticator fixed(String token) {
        return new Authenticator(token, false, Clock.systemUTC());
    }

    /** A random 128-bit token that logs in one session. */
    public static Authenticator oneTime() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new Authenticator(HexFormat.of().formatHex(bytes), true, Clock.systemUTC());
    }

    static Authenticator fixed(String token, Clock clock) {
        return new Authenticator(token, false, clock);
    }

    /** The token to print in the start-up URL. */
    public String loginToken() {
        return token;
    }

    public boolean isOneTime() {
        return oneTime;
    }

    /** The principal of a valid {@code Authorization: Bearer ...} header, if it is one. */
    public Optional<Principal> bearer(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String h = authorizationHeader.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokenMatches(h.substring(7).strip()) ? Optional.of(new Principal("token", TOKEN_ROLE)) : Optional.empty();
    }

    /**
     * Exchanges the token for a new session id, or empty when the token is wrong or a one-time
     * token was used already.
     */
    public Optional<String> login(String presentedToken) {
        if (presentedToken == null || !tokenMatches(presentedToken)) {
            return Optional.empty();
        }
        // The compare-and-set makes the one-time token single-use even for two racing logins.
        if (oneTime && !consumed.compareAndSet(false, true)) {
            return Optional.empty();
        }
        return Optional.of(openSession(new Principal("web#" + sessionCounter.incrementAndGet(), TOKEN_ROLE), false));
    }

    /**
     * Exchanges a user name and password for a new session id, or empty when they do not match
     * (or there is no users file). Takes one password hash's time in every case.
     */
    public Optional<String> loginUser(String name, char[] password) {
        if (users == null) {
            PasswordHash.burn(password);
            return Optional.empty();
        }
        return users.authenticate(name, password).map(p -> openSession(p, true));
    }

    /** The principal of a live session cookie value; refreshes its idle timer. */
    public Optional<Principal> session(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(s.lastSeen().plus(SESSION_IDLE)) || now.isAfter(s.created().plus(SESSION_MAX_AGE))) {
            sessions.remove(sessionId, s);
            return Optional.empty();
        }
        Principal principal = s.principal();
        if (s.user()) {
            Optional<UserStore.User> u = users.find(principal.name());
            if (u.isEmpty()) {
                sessions.remove(sessionId, s);
                return Optional.empty();
            }
            principal = new Principal(u.get().name(), u.get().role());
        }
        sessions.replace(sessionId, s, new Session(principal, s.created(), now, s.user()));
        return Optional.of(principal);
    }

    public void logout(String sessionId) {
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }

    private boolean tokenMatches(String presented) {
        if (oneTime && consumed.get()) {
            // Still hash, so a used token and a wrong one take the same time.
            MessageDigest.isEqual(digest(presented), tokenDigest);
            return false;
        }
        return MessageDigest.isEqual(digest(presented), tokenDigest);
    }

    /** A new session of 256 random bits for {@code principal}; returns its id, the cookie's value. */
    private String openSession(Principal principal, boolean user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        evictIfFull();
        sessions.put(id, new Session(principal, now, now, user));
        return id;
    }

    private void evictIfFull() {
        if (sessions.size() < MAX_SESSIONS) {
            return;
        }
        sessions.entrySet().stream()
                .min((a, b) -> a.getValue().lastSeen().compareTo(b.getValue().lastSeen()))
                .ifPresent(oldest -> sessions.remove(oldest.getKey()));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
