package io.strata.kafka.api;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What a connection does once a request has been served: write a response frame, write nothing
 * (Produce with acks=0), write a last response frame and then close (a failed SASL step), or close
 * the connection (Kafka's answer to a request it cannot decode or refuses at the protocol level).
 * Immutable.
 */
public sealed interface Reply {

    /** A whole response frame, the 4-byte length prefix included, ready to write. */
    record Send(ByteBuffer frame) implements Reply {
        public Send {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** A last response frame, then close the connection once it is written; {@code reason} is logged. */
    record SendThenClose(ByteBuffer frame, String reason) implements Reply {
        public SendThenClose {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** No response: the client does not wait for one. */
    record Silent() implements Reply {
    }

    /** Close the connection; {@code reason} is logged once by the connection. */
    record Close(String reason) implements Reply {
    }

    static Reply send(ByteBuffer frame) {
        return new Send(frame);
    }

    static Reply sendThenClose(ByteBuffer frame, String reason) {
        return new SendThenClose(frame, reason);
    }

    static Reply silent() {
        return new Silent();
    }

    static Reply close(String reason) {
        return new Close(reason);
    }
}
