package io.strata.adminui.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a console endpoint, when it is not the rule: without this annotation reading
 * (GET, HEAD) needs a session of any role and every state-changing method needs an admin's
 * ({@link SessionFilter}). Fail closed: a new action is admin-only until it says otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Access {

    Level value();

    enum Level {
        /** No session needed, no CSRF check (the sign-in page and form: they check the origin themselves). */
        PUBLIC,
        /** Any signed-in role, CSRF checked (sign out). */
        ANY_ROLE
    }
}
