package io.strata.kafka.api;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * What a connection does once a request has been served: write a response frame (whole, or in
 * pieces whose record batches are sent from their files), write nothing
 * (Produce with acks=0), write a last response frame and then close (a failed SASL step), or close
 * the connection (Kafka's answer to a request it cannot decode or refuses at the protocol level).
 * Immutable; a {@link SendParts} owns the file references of its pieces: whoever does not write it
 * calls {@link #discard}.
 */
public sealed interface Reply {

    /** A whole response frame, the 4-byte length prefix included, ready to write. */
    record Send(ByteBuffer frame) implements Reply {
        public Send {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** A whole response frame in pieces ({@link FramePart}), the 4-byte length prefix first. */
    record SendParts(List<FramePart> parts) implements Reply {
        public SendParts {
            parts = List.copyOf(parts);
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

    /** Releases what {@code reply} holds, when it will not be written (the connection closed). */
    static void discard(Reply reply) {
        if (reply instanceof SendParts parts) {
            FramePart.release(parts.parts());
        }
    }

    static Reply silent() {
        return new Silent();
    }

    static Reply close(String reason) {
        return new Close(reason);
    }
}
