package io.strata.metadata.credential;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.metadata.config.MetadataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.List;

/**
 * Makes the first user at start-up (strata.metadata.scram.bootstrap-user and -password), so a
 * cluster with SASL on the Kafka listener can be logged into at all: a SCRAM-SHA-256 and a
 * SCRAM-SHA-512 credential with a fresh random salt each, for a mechanism the user has none of
 * yet. An existing credential is left alone. The password is derived here and dropped: it is
 * neither stored nor logged.
 */
@ApplicationScoped
public class BootstrapUser {

    private static final Logger LOG = Logger.getLogger(BootstrapUser.class);
    private static final int SALT_BYTES = 32;

    private final MetadataConfig.Scram config;
    private final ScramCredentialService credentials;
    private final SecureRandom random = new SecureRandom();

    public BootstrapUser(MetadataConfig config, ScramCredentialService credentials) {
        this.config = config.scram();
        this.credentials = credentials;
    }

    void start(@Observes StartupEvent event) throws Throwable {
        if (config.bootstrapUser().isEmpty()) {
            return;
        }
        String user = config.bootstrapUser().get();
        String password = config.bootstrapPassword().filter(p -> !p.isEmpty()).orElseThrow(() -> new IllegalArgumentException(
                "strata.metadata.scram.bootstrap-user is set (" + user + ") but strata.metadata.scram.bootstrap-password is not"));
        ScramCredentialService.checkUser(user);
        // Blocking the start-up thread is fine (not an event loop); the transaction runs on a Vert.x context.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ensure(user, password)));
    }

    private Uni<Void> ensure(String user, String password) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ScramAlgorithm algorithm : List.of(ScramAlgorithm.values())) {
            chain = chain.chain(() -> StoredScramCredential.findById(new StoredScramCredential.Key(user, algorithm.mechanismName()))
                    .chain(existing -> {
                        if (existing != null) {
                            LOG.debugf("bootstrap user %s has a %s credential already", user, algorithm.mechanismName());
                            return Uni.createFrom().voidItem();
                        }
                        byte[] salt = new byte[SALT_BYTES];
                        random.nextBytes(salt);
                        return credentials.store(user, algorithm.keysOfPassword(password, salt, config.bootstrapIterations()))
                                .replaceWithVoid();
                    }));
        }
        return chain;
    }
}
