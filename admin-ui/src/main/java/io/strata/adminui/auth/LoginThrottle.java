package io.strata.adminui.auth;

import io.strata.adminui.config.AdminUiConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bound on failed sign-ins, counted in fixed windows of {@code failed-login-window}:
 * <ul>
 *   <li>per user name and client address: {@code max-failed-logins-per-user} (5) — guessing one
 *       user's password from one address;</li>
 *   <li>per client address, any user name: {@code max-failed-logins-per-address} (20) — trying many
 *       user names from one address.</li>
 * </ul>
 * Once a count is reached, further sign-ins of that key are refused (429) without asking the
 * gateway, until the window that began with the first failure has passed. Counting per user name
 * <em>and</em> address, not per user name alone, means a stranger cannot lock a real user out. A
 * successful sign-in clears its user-and-address count. At most {@link #MAX_KEYS} keys are kept;
 * when full, expired windows are dropped, and if none has expired the attempt is refused (fail closed).
 *
 * <p>Thread-safe: a concurrent map of immutable windows.
 */
@Singleton
public class LoginThrottle {

    static final int MAX_KEYS = 100_000;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;

    private record Window(Instant start, int failures) {
    }

    @Inject
    public LoginThrottle(AdminUiConfig config) {
        this(Clock.systemUTC(), config.auth().maxFailedLoginsPerUser(), config.auth().maxFailedLoginsPerAddress(),
                config.auth().failedLoginWindow());
    }

    public LoginThrottle(Clock clock, int maxPerUser, int maxPerAddress, Duration window) {
        this.clock = clock;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    /** Why a sign-in of {@code user} from {@code address} may not be tried now, or empty when it may. */
    public Optional<String> refusal(String user, String address) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(w -> over(w, now));
            if (windows.size() >= MAX_KEYS) {
                return Optional.of("too many failed sign-ins at this console; try again later");
            }
        }
        Optional<Duration> one = blocked(userKey(user, address), maxPerUser, now);
        Optional<Duration> any = blocked(addressKey(address), maxPerAddress, now);
        return one.or(() -> any).map(wait -> "too many failed sign-ins; try again in " + Math.max(1, wait.toSeconds()) + " s");
    }

    /** Counts a failed sign-in. */
    public void failed(String user, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {userKey(user, address), addressKey(address)}) {
            windows.compute(key, (k, w) -> w == null || over(w, now) ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
        }
    }

    /** Clears the user's count from this address after a good sign-in. */
    public void succeeded(String user, String address) {
        windows.remove(userKey(user, address));
    }

    private Optional<Duration> blocked(String key, int max, Instant now) {
        Window w = windows.get(key);
        if (w == null || over(w, now) || w.failures() < max) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, w.start().plus(window)));
    }

    private boolean over(Window w, Instant now) {
        return !now.isBefore(w.start().plus(window));
    }

    private static String userKey(String user, String address) {
        return "u\u0000" + user + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a\u0000" + address;
    }
}
