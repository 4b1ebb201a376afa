package io.strata.api.aliasing;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Parses a received message (a fetch answer) with one copy instead of two: the message is read
 * from gRPC's network buffers into one exactly-sized array of its own, and parsed from that array
 * with protobuf's aliasing on, so its {@code bytes} fields (the record batches) are views of the
 * array rather than copies of it.
 *
 * <p>grpc-java's own marshaller ({@code ProtoLiteUtils}) reads every message into a per-thread
 * array that the next message on that thread overwrites, so it must copy each {@code bytes} field
 * out of it: for a 1 MiB answer a second memcpy, into a new (G1 humongous) array.
 *
 * <p>Invariant (lifetime): the array a message is parsed from is allocated for that message alone,
 * is never written once parsed, and is never reused: it lives, by the garbage collector, for as
 * long as the message or any {@code ByteString} taken from it is reachable. Aliasing a buffer
 * that is reused (as {@code ProtoLiteUtils}'s is) would change the bytes of answers still queued
 * for the consumer or still being relayed ({@code AliasedFetchAnswersTest} in the client fails
 * then). The Netty buffers the message arrived in are not aliased: gRPC releases them after the
 * parse, and an answer arrives as dozens of HTTP/2 frames while record batches must be read from
 * one contiguous buffer.
 *
 * <p>Serialising ({@link #stream}) is left to the method's original marshaller.
 *
 * <p>Thread-safety: immutable; any thread.
 */
public final class AliasingMarshaller<T extends MessageLite> implements MethodDescriptor.PrototypeMarshaller<T> {

    private final MethodDescriptor.PrototypeMarshaller<T> original;
    private final Parser<T> parser;

    /** @param original the generated stub's marshaller of the same message type */
    @SuppressWarnings("unchecked")
    public AliasingMarshaller(MethodDescriptor.PrototypeMarshaller<T> original) {
        this.original = original;
        this.parser = (Parser<T>) original.getMessagePrototype().getParserForType();
    }

    @Override
    public T getMessagePrototype() {
        return original.getMessagePrototype();
    }

    @Override
    public Class<T> getMessageClass() {
        return original.getMessageClass();
    }

    @Override
    public InputStream stream(T value) {
        return original.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
        try {
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(readFully(stream)).newCodedInput();
            input.enableAliasing(true);
            return parser.parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
        }
    }

    /** The whole rest of {@code stream}, in a new array of exactly its size when the stream knows it (gRPC's do). */
    static byte[] readFully(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        int size = stream.available();
        byte[] array = new byte[size];
        int read = stream.readNBytes(array, 0, size);
        int next = stream.read();
        if (read == size && next == -1) {
            return array;
        }
        if (next == -1) {
            return Arrays.copyOf(array, read);
        }
        byte[] rest = stream.readAllBytes();
        byte[] all = Arrays.copyOf(array, read + 1 + rest.length);
        all[read] = (byte) next;
        System.arraycopy(rest, 0, all, read + 1, rest.length);
        return all;
    }
}
