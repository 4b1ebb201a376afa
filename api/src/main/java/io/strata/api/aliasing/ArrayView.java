package io.strata.api.aliasing;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * An array-backed {@link ByteBuffer} over a {@link ByteString}'s bytes: a view of the array
 * behind it when the bytes are one range of one array (what {@link AliasingMarshaller} leaves in
 * a {@code bytes} field), otherwise a copy. Array-backed matters to kafka-clients, which checks
 * the CRC32C of a read-only or direct buffer one byte per call but of an array in one intrinsic.
 *
 * <p>The view shares the string's memory: it must not be written (a {@code ByteString} is
 * immutable by contract), and it is only as stable as whoever built the string guarantees (see
 * {@link AliasingMarshaller}'s lifetime invariant).
 *
 * <p>Thread-safety: stateless; any thread.
 */
public final class ArrayView {

    private ArrayView() {
    }

    /** The bytes of {@code bytes}, position 0, limit its size, backed by an accessible array. */
    public static ByteBuffer of(ByteString bytes) {
        Capture capture = new Capture();
        try {
            UnsafeByteOperations.unsafeWriteTo(bytes, capture);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return capture.pieces == 1 && capture.view != null ? capture.view : ByteBuffer.wrap(bytes.toByteArray());
    }

    /** Takes the one lazily written array range a flat {@code ByteString} hands over; anything else means "copy". */
    private static final class Capture extends ByteOutput {
        private int pieces;
        private ByteBuffer view;

        @Override
        public void write(byte value) {
            pieces += 2;
        }

        @Override
        public void write(byte[] value, int offset, int length) {
            pieces += 2;
        }

        @Override
        public void writeLazy(byte[] value, int offset, int length) {
            pieces++;
            view = ByteBuffer.wrap(value, offset, length).slice();
        }

        @Override
        public void write(ByteBuffer value) {
            pieces += 2;
        }

        @Override
        public void writeLazy(ByteBuffer value) {
            pieces++;
            view = value.hasArray() ? value.slice() : null;
        }
    }
}
