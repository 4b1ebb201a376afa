package io.strata.kafka.api;

import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The errors of an answer are counted where each API keeps them, NONE left out. */
class ResponseErrorsTest {

    @Test
    void produceCountsEachPartitionsCode() {
        ProduceResponseData produce = new ProduceResponseData();
        ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData.TopicProduceResponse().setName("t");
        topic.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse().setIndex(0));
        topic.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse().setIndex(1)
                .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()));
        topic.partitionResponses().add(new ProduceResponseData.PartitionProduceResponse().setIndex(2)
                .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()));
        produce.responses().add(topic);

        assertThat(ResponseErrors.of(header(ApiKeys.PRODUCE, 11), produce, null))
                .isEqualTo(Map.of(Errors.NOT_LEADER_OR_FOLLOWER, 2));
    }

    @Test
    void fetchCountsItsTopLevelCodeAndEachPartitions() {
        FetchResponseData fetch = new FetchResponseData().setErrorCode(Errors.NONE.code());
        fetch.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(List.of(
                new FetchResponseData.PartitionData().setPartitionIndex(0).setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code()),
                new FetchResponseData.PartitionData().setPartitionIndex(1))));

        assertThat(ResponseErrors.of(header(ApiKeys.FETCH, 12), fetch, null)).isEqualTo(Map.of(Errors.OFFSET_OUT_OF_RANGE, 1));
    }

    @Test
    void anyOtherAnswerIsReadBackFromItsFrame() {
        RequestHeader request = header(ApiKeys.CREATE_TOPICS, 7);
        CreateTopicsResponseData created = new CreateTopicsResponseData();
        created.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName("a")
                .setErrorCode(Errors.TOPIC_ALREADY_EXISTS.code()));
        created.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName("b"));

        assertThat(ResponseErrors.of(request, created, ResponseFrames.encode(request, (short) 7, created)))
                .isEqualTo(Map.of(Errors.TOPIC_ALREADY_EXISTS, 1));
    }

    private static RequestHeader header(ApiKeys api, int version) {
        return new RequestHeader(api, (short) version, "client", 42);
    }
}
