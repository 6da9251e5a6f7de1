package org.ringplc.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password and token guessing per client address: the first {@link #FREE_FAILURES}
 * failed logins cost nothing (people mistype), then each further attempt has to wait twice as long
 * as the one before, from {@link #FIRST_DELAY} up to {@link #MAX_DELAY}, and is answered 429 with
 * the time left. A successful login, or {@link #FORGET_AFTER} without a failure, clears the
 * address.
 *
 * <p>Per address rather than per user name: locking a name out would let anyone lock the
 * operators out of their own machine by mistyping their names on purpose.
 *
 * <p>Thread-safe.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    /** Long enough to make guessing hopeless (at most ~100 guesses a day), short enough for a person. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Bounds memory against a flood from many addresses; the stalest entries go first. */
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must still wait before its next attempt; zero when it may try now. */
    Duration waitFor(String address) {
        Failures f = failures.get(address);
        if (f == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (now.isAfter(f.last().plus(FORGET_AFTER))) {
            failures.remove(address, f);
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, f.last().plus(delayAfter(f.count())));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Refuses the attempt with 429 when {@code address} must wait.
     *
     * @return the seconds to wait, for a Retry-After header, or 0 to go ahead
     */
    long secondsToWait(String address) {
        Duration d = waitFor(address);
        if (d.isZero()) {
            return 0;
        }
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /**
     * Counts a failed attempt.
     *
     * @return true when this failure starts the back-off, the moment worth one line in the log
     *         (every refused attempt after it would flood the log during an attack)
     */
    boolean failure(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            evict(now);
        }
        Failures f = failures.merge(address, new Failures(1, now), (old, one) ->
                now.isAfter(old.last().plus(FORGET_AFTER)) ? one : new Failures(old.count() + 1, now));
        return f.count() == FREE_FAILURES;
    }

    void success(String address) {
        failures.remove(address);
    }

    /** The wait imposed after {@code count} consecutive failures. */
    static Duration delayAfter(int count) {
        if (count < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - FREE_FAILURES, 20); // 2^20 s is far beyond MAX_DELAY
        Duration d = FIRST_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private void evict(Instant now) {
        failures.entrySet().removeIf(e -> now.isAfter(e.getValue().last().plus(FORGET_AFTER)));
        if (failures.size() >= MAX_ADDRESSES) {
            failures.entrySet().stream()
                    .min((a, b) -> a.getValue().last().compareTo(b.getValue().last()))
                    .ifPresent(oldest -> failures.remove(oldest.getKey()));
        }
    }
}
