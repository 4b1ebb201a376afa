package io.strata.database;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Stops the embedded PostgreSQL (if this service started one) as the application shuts down,
 * after the other shutdown observers. In tests it stays up for the next test application of the
 * same JVM and stops at JVM exit.
 */
@ApplicationScoped
public class EmbeddedDatabaseLifecycle {

    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) ShutdownEvent event) {
        if (LaunchMode.current() != LaunchMode.TEST) {
            EmbeddedDatabase.stop();
        }
    }
}
