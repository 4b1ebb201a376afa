package io.strata.api.aliasing;

import com.google.protobuf.ByteString;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.PartitionRecords;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AliasingMarshaller} and {@link ArrayView}: one array per message, records a view of it. */
class AliasingMarshallerTest {

    @SuppressWarnings("unchecked")
    private final AliasingMarshaller<FetchRecordsResponse> marshaller = new AliasingMarshaller<>(
            (MethodDescriptor.PrototypeMarshaller<FetchRecordsResponse>) GatewayServiceGrpc.getFetchMethod().getResponseMarshaller());

    @Test
    void theRecordsOfAParsedAnswerAreAViewOfItsOwnArray() {
        byte[] records = new byte[300_000];
        new Random(1).nextBytes(records);
        FetchRecordsResponse sent = FetchRecordsResponse.newBuilder().setTopic("t").setNextOffset(42)
                .setRecords(ByteString.copyFrom(records)).build();

        FetchRecordsResponse first = marshaller.parse(new Known(sent.toByteArray()));
        FetchRecordsResponse second = marshaller.parse(new Known(sent.toByteArray()));

        assertThat(first).isEqualTo(sent);
        ByteBuffer view = ArrayView.of(first.getRecords());
        assertThat(view.hasArray()).isTrue();
        assertThat(ArrayView.of(first.getRecords()).array()).as("a view, not a copy").isSameAs(view.array());
        assertThat(ArrayView.of(second.getRecords()).array()).as("each answer its own array").isNotSameAs(view.array());
        byte[] seen = new byte[view.remaining()];
        view.duplicate().get(seen);
        assertThat(seen).isEqualTo(records);
    }

    /** A many-partition answer: every partition's records are views of the one array the answer was parsed from. */
    @Test
    void theRecordsOfEveryPartitionOfAManyPartitionAnswerAreViews() {
        @SuppressWarnings("unchecked")
        AliasingMarshaller<FetchPartitionsResponse> many = new AliasingMarshaller<>((MethodDescriptor.PrototypeMarshaller<FetchPartitionsResponse>)
                GatewayServiceGrpc.getFetchPartitionsMethod().getResponseMarshaller());
        Random random = new Random(2);
        FetchPartitionsResponse.Builder sent = FetchPartitionsResponse.newBuilder();
        for (int partition = 0; partition < 3; partition++) {
            byte[] records = new byte[50_000];
            random.nextBytes(records);
            sent.addPartitions(PartitionRecords.newBuilder().setTopic("t").setPartition(partition).setRecords(ByteString.copyFrom(records)));
        }

        FetchPartitionsResponse parsed = many.parse(new Known(sent.build().toByteArray()));

        assertThat(parsed).isEqualTo(sent.build());
        byte[] array = ArrayView.of(parsed.getPartitions(0).getRecords()).array();
        assertThat(parsed.getPartitionsList()).allSatisfy(p -> assertThat(ArrayView.of(p.getRecords()).array())
                .as("a view of the answer's one array").isSameAs(array));
    }

    @Test
    void bytesNotInOneArrayAreCopied() {
        ByteString rope = ByteString.copyFrom(new byte[1000]).concat(ByteString.copyFrom(new byte[] {1, 2, 3}).concat(ByteString.copyFrom(new byte[1000])));
        ByteBuffer copy = ArrayView.of(rope);
        assertThat(copy.hasArray()).isTrue();
        assertThat(ByteString.copyFrom(copy)).isEqualTo(rope);
    }

    @Test
    void aStreamLongerThanItSaidIsReadToItsEnd() throws Exception {
        byte[] all = new byte[5000];
        new Random(2).nextBytes(all);
        InputStream understated = new Known(all) {
            @Override
            public synchronized int available() {
                return Math.min(super.available(), 1000);
            }
        };
        assertThat(AliasingMarshaller.readFully(understated)).isEqualTo(all);
        assertThat(AliasingMarshaller.readFully(new Known(all))).isEqualTo(all);
    }

    /** A stream that knows its length, as gRPC's are. */
    private static class Known extends ByteArrayInputStream implements KnownLength {
        Known(byte[] bytes) {
            super(bytes);
        }
    }
}
