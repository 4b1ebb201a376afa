package io.strata.client.connection;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.strata.api.scram.BasicAuthorization;
import io.strata.api.tls.PemTrust;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a client's channels to its gateways are secured: TLS trusting the CA certificates of
 * {@code tlsCaFile} when it is set (a gateway started by {@code ./strata up --secure} serves TLS
 * only), and the user's credentials on every call when they are set. Either, both or neither:
 * credentials without TLS cross the network readable, which the gateway's operator may allow on a
 * trusted network, so it is not refused here. Immutable.
 */
public record GatewaySecurity(Optional<BasicAuthorization> credentials, Optional<Path> tlsCaFile) {

    /** The setting that names the CA file, for error messages. */
    public static final String TLS_CA_FILE = "security.tls.ca-file";

    public static final GatewaySecurity NONE = new GatewaySecurity(Optional.empty(), Optional.empty());

    /**
     * The channel credentials: TLS trusting the CA file, checked now (an unreadable file or one
     * with no certificate fails naming {@value #TLS_CA_FILE}), or plaintext.
     */
    public ChannelCredentials channelCredentials() {
        return tlsCaFile.map(file -> PemTrust.channelCredentials(file, TLS_CA_FILE))
                .orElseGet(InsecureChannelCredentials::create);
    }
}
