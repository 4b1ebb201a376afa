package io.strata.kafka.metadata;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.ControlPlane;

import java.util.List;

/**
 * The cluster-view APIs this package serves, for {@code KafkaApis.of}: Metadata. Stable entry point.
 */
public final class MetadataApis {

    private MetadataApis() {
    }

    public static List<KafkaApiHandler> handlers(ControlPlane controlPlane) {
        return List.of(new MetadataHandler(controlPlane));
    }
}
