package io.strata.adminui.audit;

import io.strata.adminui.auth.SessionContext;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.PathParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records every {@link Audited} endpoint's call in the audit log once it has run: who (the
 * request's {@link SessionContext}), when, what, on what, and the outcome — "ok", or the problem's
 * code and detail when it failed (the failure is then rethrown unchanged). Runs after the
 * {@code SessionFilter}, so a refused request (no session, viewer, CSRF) never reaches it and is
 * not an action taken. Stateless.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuditInterceptor {

    @Inject
    AuditLog log;

    @Inject
    SessionContext session;

    @AroundInvoke
    Object record(InvocationContext invocation) throws Exception {
        Method method = invocation.getMethod();
        Audited audited = method.getAnnotation(Audited.class);
        Map<String, String> parameters = parameters(method, invocation.getParameters());
        Map<String, String> details = new LinkedHashMap<>();
        Arrays.stream(audited.details()).forEach(name -> {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                details.put(name, value.strip());
            }
        });
        AuditRecord record = AuditRecord.ok(Instant.now(), session.getUser(), session.getClientAddress(), audited.action(),
                parameters.get(audited.target()), details);
        try {
            Object result = invocation.proceed();
            log.record(record);
            return result;
        } catch (ConsoleProblem problem) {
            log.record(record.failed(problem.errorCode(), problem.detail()));
            throw problem;
        } catch (RuntimeException e) {
            log.record(record.failed("UNKNOWN_SERVER_ERROR", e.getClass().getSimpleName()));
            throw e;
        }
    }

    /** The endpoint's path and form parameters by name (as text). */
    private static Map<String, String> parameters(Method method, Object[] values) {
        Map<String, String> named = new LinkedHashMap<>();
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                String name = annotation instanceof PathParam p ? p.value() : annotation instanceof FormParam f ? f.value() : null;
                if (name != null && values[i] != null) {
                    named.put(name, values[i].toString());
                }
            }
        }
        return named;
    }
}
