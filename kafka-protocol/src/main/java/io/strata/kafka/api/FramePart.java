package io.strata.kafka.api;

import io.strata.kafka.backend.FileBatches;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * One piece of a response frame written in pieces: bytes in memory, or record batches to be sent
 * from their file. Written in order, the pieces are the frame byte for byte. Immutable; a
 * {@link File} piece owns its {@link FileBatches} reference until it is written or released.
 */
public sealed interface FramePart {

    record Bytes(ByteBuffer bytes) implements FramePart {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    record File(FileBatches batches) implements FramePart {
        public File {
            Objects.requireNonNull(batches, "batches");
        }
    }

    /** The frame's length on the wire, its 4-byte length prefix included. */
    static long size(List<FramePart> parts) {
        long size = 0;
        for (FramePart part : parts) {
            size += part instanceof Bytes bytes ? bytes.bytes().remaining() : ((File) part).batches().sizeInBytes();
        }
        return size;
    }

    /** Releases the file pieces of a frame that will not be written. */
    static void release(List<FramePart> parts) {
        for (FramePart part : parts) {
            if (part instanceof File file) {
                file.batches().release();
            }
        }
    }
}
