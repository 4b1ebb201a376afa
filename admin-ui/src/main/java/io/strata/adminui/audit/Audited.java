package io.strata.adminui.audit;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a console endpoint as an action the audit log records ({@link AuditInterceptor}): after it
 * runs, one record with its outcome. {@code target} names the {@code @PathParam} or
 * {@code @FormParam} that says what it acted on; {@code details} the parameters worth keeping
 * (never record contents: a produce records its partition, not its key or value).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Audited {

    @Nonbinding
    AuditAction action() default AuditAction.TOPIC_CREATE;

    @Nonbinding
    String target() default "";

    @Nonbinding
    String[] details() default {};
}
