package io.strata.kafka.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The SCRAM messages a server reads (RFC 5802 §7), parsed strictly. Formats:
 * <pre>
 *   client-first  = gs2-header client-first-bare
 *   gs2-header    = ("n" | "y") "," [ "a=" authzid ] ","        ("p=…": channel binding, refused)
 *   client-first-bare = "n=" saslname ",r=" c-nonce ["," extensions]
 *   client-final  = "c=" base64(gs2-header) ",r=" c-nonce s-nonce ["," extensions] ",p=" base64(proof)
 * </pre>
 * A saslname escapes ',' as "=2C" and '=' as "=3D". Extensions (Kafka's {@code tokenauth=true}
 * for delegation tokens) are read but not supported: a delegation-token login is refused. Every
 * parse failure is an {@link IllegalArgumentException} naming the part, never echoing a proof.
 */
final class ScramMessages {

    private ScramMessages() {
    }

    /** The client's first message: gs2 header, authorization id, user, nonce, and the bare part for the AuthMessage. */
    record ClientFirst(String gs2Header, Optional<String> authzid, String user, String nonce, String bare, boolean tokenAuth) {
    }

    /** The client's final message: channel binding, nonce, proof, and the part without the proof for the AuthMessage. */
    record ClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {
    }

    static ClientFirst clientFirst(byte[] token) {
        String message = new String(token, StandardCharsets.UTF_8);
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("client-first-message: no gs2 header");
        }
        String flag = message.substring(0, first);
        if (flag.startsWith("p=")) {
            throw new IllegalArgumentException("client-first-message: channel binding is not supported");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            throw new IllegalArgumentException("client-first-message: gs2 flag '" + flag + "' is not n, y or p=");
        }
        String authz = message.substring(first + 1, second);
        Optional<String> authzid = Optional.empty();
        if (!authz.isEmpty()) {
            if (!authz.startsWith("a=")) {
                throw new IllegalArgumentException("client-first-message: authzid must start with a=");
            }
            authzid = Optional.of(saslName(authz.substring(2)));
        }
        String bare = message.substring(second + 1);
        String[] parts = bare.split(",", -1);
        if (parts.length < 2 || !parts[0].startsWith("n=") || !parts[1].startsWith("r=")) {
            throw new IllegalArgumentException("client-first-message: expected n=<user>,r=<nonce> (an m= extension is not supported)");
        }
        String user = saslName(parts[0].substring(2));
        String nonce = nonce(parts[1].substring(2), "client-first-message");
        boolean tokenAuth = false;
        for (int i = 2; i < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("tokenauth=true")) {
                tokenAuth = true;
            }
        }
        return new ClientFirst(message.substring(0, second + 1), authzid, user, nonce, bare, tokenAuth);
    }

    static String serverFirst(String nonce, byte[] salt, int iterations) {
        return "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
    }

    static ClientFinal clientFinal(byte[] token) {
        String message = new String(token, StandardCharsets.UTF_8);
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new IllegalArgumentException("client-final-message: no proof (p=)");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] parts = withoutProof.split(",", -1);
        if (parts.length < 2 || !parts[0].startsWith("c=") || !parts[1].startsWith("r=")) {
            throw new IllegalArgumentException("client-final-message: expected c=<binding>,r=<nonce>,…,p=<proof>");
        }
        return new ClientFinal(base64(parts[0].substring(2), "channel binding"), nonce(parts[1].substring(2), "client-final-message"),
                base64(message.substring(proofAt + 3), "proof"), withoutProof);
    }

    static String serverFinal(byte[] serverSignature) {
        return "v=" + Base64.getEncoder().encodeToString(serverSignature);
    }

    /** A saslname unescaped: "=2C" is ',', "=3D" is '='; any other '=' is malformed. */
    static String saslName(String escaped) {
        StringBuilder name = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '=') {
                name.append(c);
            } else if (escaped.startsWith("=2C", i)) {
                name.append(',');
                i += 2;
            } else if (escaped.startsWith("=3D", i)) {
                name.append('=');
                i += 2;
            } else {
                throw new IllegalArgumentException("a user name escapes '=' as =3D and ',' as =2C only");
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        return name.toString();
    }

    private static String nonce(String nonce, String where) {
        if (nonce.isEmpty() || !nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ',')) {
            throw new IllegalArgumentException(where + ": the nonce must be printable ASCII without ','");
        }
        return nonce;
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client-final-message: the " + what + " is not base64");
        }
    }
}
