package io.strata.kafka.produce;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.LocalPartitions;

import java.util.List;

/**
 * The write-path APIs this package serves, for {@code KafkaApis.of}: Produce, DeleteRecords
 * (which writes a log's head as Produce writes its tail) and InitProducerId
 * (with one {@link ProducerIdBlocks} per call, so call it once per node). Stable entry point.
 */
public final class ProduceApis {

    /** Producer ids fetched per block request: 0 lets the metadata service choose its default. */
    public static final int DEFAULT_PRODUCER_ID_BLOCK = 0;

    private ProduceApis() {
    }

    public static List<KafkaApiHandler> handlers(LocalPartitions partitions, ControlPlane controlPlane) {
        return List.of(new ProduceHandler(partitions, controlPlane),
                new DeleteRecordsHandler(partitions),
                new InitProducerIdHandler(new ProducerIdBlocks(controlPlane, DEFAULT_PRODUCER_ID_BLOCK)));
    }
}
