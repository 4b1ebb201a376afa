package io.strata.api.tls;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The client half of TLS between Strata's services, the same in every service ({@code strata.tls.*}).
 *
 * <p>The server half is Quarkus's own TLS registry (the default configuration,
 * {@code quarkus.tls.key-store.pem.0.cert}/{@code .key}, {@code quarkus.tls.reload-period},
 * {@code quarkus.http.insecure-requests=disabled}): see the root README, "Security".
 */
@ConfigMapping(prefix = "strata.tls")
public interface TlsConfig {

    /**
     * The cluster CA's certificate(s), PEM (env {@code STRATA_TLS_CA_FILE}). Set: every internal
     * gRPC channel this service opens (to the metadata service, partition nodes, the group
     * coordinator) speaks TLS, trusts only this CA and checks that the peer's certificate names the
     * host it dialled. Unset: internal channels are plaintext, as before.
     */
    Optional<Path> caFile();
}
