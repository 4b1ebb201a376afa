package io.strata.api.zerocopy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.FetchResponse;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BytesFieldEncoderTest {

    private static final BytesFieldEncoder<FetchResponse> NODE_ANSWERS =
            new BytesFieldEncoder<>(FetchResponse.getDescriptor(), FetchResponse.RECORDS_FIELD_NUMBER);

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static byte[] toArray(ByteBuf payload) {
        return ByteBufUtil.getBytes(payload);
    }

    @Test
    void payloadParsesToTheSameMessage() throws Exception {
        FetchResponse answer = FetchResponse.newBuilder().setRecords(ByteString.copyFrom(bytes(1 << 20)))
                .setHighWatermark(123_456_789L).setLogStartOffset(7).setLogEndOffset(123_456_800L).build();

        byte[] payload = toArray(NODE_ANSWERS.payload(answer));

        assertThat(FetchResponse.parseFrom(payload)).isEqualTo(answer);
        assertThat(payload).hasSize(answer.getSerializedSize());
    }

    @Test
    void anEmptyFieldAndDefaultsEncodeAsProtobufDoes() throws Exception {
        FetchResponse empty = FetchResponse.newBuilder().setHighWatermark(5).build();
        assertThat(toArray(NODE_ANSWERS.payload(empty))).isEqualTo(empty.toByteArray());
        assertThat(toArray(NODE_ANSWERS.payload(FetchResponse.getDefaultInstance()))).isEmpty();
    }

    @Test
    void otherFieldsOfAnyTypeSurvive() throws Exception {
        BytesFieldEncoder<FetchRecordsResponse> relay =
                new BytesFieldEncoder<>(FetchRecordsResponse.getDescriptor(), FetchRecordsResponse.RECORDS_FIELD_NUMBER);
        FetchRecordsResponse answer = FetchRecordsResponse.newBuilder().setTopic("orders-é").setPartition(3)
                .setRecords(ByteString.copyFrom(bytes(300))).setHighWatermark(-1).setNextOffset(42).build();

        assertThat(FetchRecordsResponse.parseFrom(toArray(relay.payload(answer)))).isEqualTo(answer);
    }

    /** The point of it: the payload is the field's memory, not a copy of it. */
    @Test
    void theBytesFieldIsSharedNotCopied() {
        byte[] read = bytes(4096);
        FetchResponse answer = FetchResponse.newBuilder().setRecords(UnsafeByteOperations.unsafeWrap(read))
                .setHighWatermark(1).build();
        ByteBuf payload = NODE_ANSWERS.payload(answer);

        read[4095] = 99; // only a test changes a buffer after handing it over: it shows through

        assertThat(payload.getByte(payload.writerIndex() - 1)).isEqualTo((byte) 99);
    }

    @Test
    void aSliceOfALargerBufferIsEncodedFromItsOwnRange() throws Exception {
        byte[] window = bytes(10_000);
        ByteBuffer batches = ByteBuffer.wrap(window, 100, 5000).slice();
        FetchResponse answer = FetchResponse.newBuilder().setRecords(UnsafeByteOperations.unsafeWrap(batches)).build();

        FetchResponse parsed = FetchResponse.parseFrom(toArray(NODE_ANSWERS.payload(answer)));

        assertThat(parsed.getRecords().toByteArray()).isEqualTo(Arrays.copyOfRange(window, 100, 5100));
    }

    @Test
    void refusesAFieldThatIsNotSingularBytes() {
        assertThatThrownBy(() -> new BytesFieldEncoder<>(FetchResponse.getDescriptor(), FetchResponse.HIGH_WATERMARK_FIELD_NUMBER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strata.v1.FetchResponse")
                .hasMessageContaining("number 2");
        assertThatThrownBy(() -> new BytesFieldEncoder<>(FetchResponse.getDescriptor(), 99))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
