package io.strata.api.zerocopy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepeatedBytesFieldEncoderTest {

    private static final RepeatedBytesFieldEncoder<FetchPartitionsResponse> ANSWERS = new RepeatedBytesFieldEncoder<>(
            FetchPartitionsResponse.getDescriptor(), FetchPartitionsResponse.PARTITIONS_FIELD_NUMBER,
            PartitionRecords.RECORDS_FIELD_NUMBER);

    private static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    @Test
    void payloadParsesToTheSameMessage() throws Exception {
        FetchPartitionsResponse answer = FetchPartitionsResponse.newBuilder()
                .addPartitions(PartitionRecords.newBuilder().setTopic("orders").setPartition(0)
                        .setRecords(ByteString.copyFrom(bytes(1 << 20, 1))).setHighWatermark(900).setNextOffset(800))
                .addPartitions(PartitionRecords.newBuilder().setTopic("orders").setPartition(7)
                        .setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER).setErrorMessage("node 2 leads it"))
                .addPartitions(PartitionRecords.newBuilder().setTopic("payments-é").setPartition(300)
                        .setRecords(ByteString.copyFrom(bytes(70, 5))).setLogStartOffset(12))
                .build();

        byte[] payload = ByteBufUtil.getBytes(ANSWERS.payload(answer));

        assertThat(FetchPartitionsResponse.parseFrom(payload)).isEqualTo(answer);
        assertThat(payload).hasSize(answer.getSerializedSize());
        assertThat(ByteBufUtil.getBytes(ANSWERS.payload(FetchPartitionsResponse.getDefaultInstance()))).isEmpty();
    }

    /** The point of it: each element's records are the read buffer itself, not a copy. */
    @Test
    void eachElementsBytesAreSharedNotCopied() throws Exception {
        byte[] first = bytes(4096, 1);
        byte[] second = bytes(4096, 2);
        FetchPartitionsResponse answer = FetchPartitionsResponse.newBuilder()
                .addPartitions(PartitionRecords.newBuilder().setTopic("t").setRecords(UnsafeByteOperations.unsafeWrap(first)))
                .addPartitions(PartitionRecords.newBuilder().setTopic("t").setPartition(1)
                        .setRecords(UnsafeByteOperations.unsafeWrap(second)))
                .build();
        ByteBuf payload = ANSWERS.payload(answer);

        first[4095] = 99; // only a test changes a buffer after handing it over: it shows through
        second[4095] = 98;

        FetchPartitionsResponse seen = FetchPartitionsResponse.parseFrom(ByteBufUtil.getBytes(payload));
        assertThat(seen.getPartitions(0).getRecords().byteAt(4095)).isEqualTo((byte) 99);
        assertThat(seen.getPartitions(1).getRecords().byteAt(4095)).isEqualTo((byte) 98);
    }

    @Test
    void refusesAFieldThatIsNotARepeatedMessage() {
        assertThatThrownBy(() -> new RepeatedBytesFieldEncoder<>(PartitionRecords.getDescriptor(),
                PartitionRecords.RECORDS_FIELD_NUMBER, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no repeated message field number 5");
    }
}
