package io.strata.api.zerocopy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@link BytesFieldEncoder} for a message whose bulk is a repeated message field, each element with
 * one {@code bytes} field (a many-partition fetch answer: each partition's record batches): every
 * element is encoded by a {@link BytesFieldEncoder}, behind its own tag and length, so no element's
 * bytes are copied. The other fields of the message come first, in a small array.
 *
 * <p>The same invariant as {@link BytesFieldEncoder}: the payload shares each element's bytes, which
 * nobody may change once the message is handed over.
 *
 * <p>Thread-safety: immutable; any thread.
 */
public final class RepeatedBytesFieldEncoder<M extends Message> implements GrpcMessageEncoder<M> {

    private final Descriptors.FieldDescriptor elements;
    private final BytesFieldEncoder<Message> element;

    /**
     * @param type             the message type
     * @param repeatedNumber   the number of its repeated message field
     * @param bytesFieldNumber the number of the element type's singular bytes field
     */
    public RepeatedBytesFieldEncoder(Descriptors.Descriptor type, int repeatedNumber, int bytesFieldNumber) {
        Descriptors.FieldDescriptor found = type.findFieldByNumber(repeatedNumber);
        if (found == null || found.getType() != Descriptors.FieldDescriptor.Type.MESSAGE || !found.isRepeated()) {
            throw new IllegalArgumentException(type.getFullName() + " has no repeated message field number " + repeatedNumber);
        }
        this.elements = found;
        this.element = new BytesFieldEncoder<>(found.getMessageType(), bytesFieldNumber);
    }

    @Override
    public GrpcMessage encode(M message) {
        return GrpcMessage.message("identity", Buffer.buffer(payload(message)));
    }

    /** The message's protobuf encoding: its other fields, then each element sharing its bytes. */
    public ByteBuf payload(M message) {
        @SuppressWarnings("unchecked")
        List<Message> items = (List<Message>) message.getField(elements);
        Message rest = items.isEmpty() ? message : message.toBuilder().clearField(elements).build();
        CompositeByteBuf out = Unpooled.compositeBuffer(1 + 2 * items.size());
        out.addComponent(true, Unpooled.wrappedBuffer(rest.toByteArray()));
        for (Message item : items) {
            ByteBuf body = element.payload(item);
            int length = body.readableBytes();
            byte[] head = new byte[CodedOutputStream.computeTagSize(elements.getNumber())
                    + CodedOutputStream.computeUInt32SizeNoTag(length)];
            try {
                CodedOutputStream prefix = CodedOutputStream.newInstance(head);
                prefix.writeTag(elements.getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
                prefix.writeUInt32NoTag(length);
                prefix.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode " + message.getDescriptorForType().getFullName(), e);
            }
            out.addComponent(true, Unpooled.wrappedBuffer(head));
            out.addComponent(true, body);
        }
        return out;
    }
}
