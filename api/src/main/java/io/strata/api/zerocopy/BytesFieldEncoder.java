package io.strata.api.zerocopy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes a protobuf message whose bulk is one {@code bytes} field (a fetch answer's record
 * batches) without copying that field: the other fields are serialised into a small array, then
 * the field's tag and length, and the field's own bytes follow as a wrapped buffer. Protobuf
 * parsers accept fields in any order, so the payload parses to the same message as
 * {@code message.toByteArray()}; only the order of fields on the wire differs.
 *
 * <p>Vert.x gRPC's own bridge serialises every answer into a {@code ByteArrayOutputStream}, copies it
 * out, and copies it again into a Netty buffer (three heap copies of a 1 MiB answer, each a G1
 * humongous allocation). With this encoder the only copy left is Netty's, into its pooled direct
 * buffers as it writes the socket.
 *
 * <p>Invariant: the payload shares the field's memory, so whoever built the {@link ByteString}
 * must neither reuse nor change its memory once the message is handed over; a buffer read for one
 * answer is that answer's alone (see the partition node's read path).
 *
 * <p>Thread-safety: immutable; any thread.
 */
public final class BytesFieldEncoder<M extends Message> implements GrpcMessageEncoder<M> {

    private final Descriptors.FieldDescriptor field;

    /**
     * @param type        the message type
     * @param fieldNumber the number of its singular {@code bytes} field to pass without copying
     */
    public BytesFieldEncoder(Descriptors.Descriptor type, int fieldNumber) {
        Descriptors.FieldDescriptor found = type.findFieldByNumber(fieldNumber);
        if (found == null || found.getType() != Descriptors.FieldDescriptor.Type.BYTES || found.isRepeated()) {
            throw new IllegalArgumentException(type.getFullName() + " has no singular bytes field number " + fieldNumber);
        }
        this.field = found;
    }

    @Override
    public GrpcMessage encode(M message) {
        return GrpcMessage.message("identity", Buffer.buffer(payload(message)));
    }

    /** The message's protobuf encoding: the other fields, then the bytes field, sharing its memory. */
    public ByteBuf payload(M message) {
        ByteString bytes = (ByteString) message.getField(field);
        Message rest = bytes.isEmpty() ? message : message.toBuilder().clearField(field).build();
        int restSize = rest.getSerializedSize();
        int prefixSize = bytes.isEmpty() ? 0
                : CodedOutputStream.computeTagSize(field.getNumber()) + CodedOutputStream.computeUInt32SizeNoTag(bytes.size());
        byte[] head = new byte[restSize + prefixSize];
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(head);
            rest.writeTo(out);
            if (!bytes.isEmpty()) {
                out.writeTag(field.getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(bytes.size());
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getDescriptorForType().getFullName(), e);
        }
        if (bytes.isEmpty()) {
            return Unpooled.wrappedBuffer(head);
        }
        List<ByteBuffer> parts = bytes.asReadOnlyByteBufferList();
        ByteBuffer[] all = new ByteBuffer[parts.size() + 1];
        all[0] = ByteBuffer.wrap(head);
        for (int i = 0; i < parts.size(); i++) {
            all[i + 1] = parts.get(i);
        }
        return Unpooled.wrappedBuffer(all);
    }
}
