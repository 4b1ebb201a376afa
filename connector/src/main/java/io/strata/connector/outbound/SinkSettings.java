package io.strata.connector.outbound;

import java.util.Map;

/**
 * An outgoing channel's settings, checked, as the connector read them from its attributes.
 * {@code partition} -1 means none; {@code key} null means none. Immutable.
 *
 * @param maxInflightMessages messages sent and not yet acknowledged by the cluster before the
 *                            channel asks its upstream for no more ({@code max-inflight-messages})
 * @param waitForWriteCompletion ack a message when the cluster acknowledged its record (true) or
 *                               as soon as it was handed to the producer (false)
 */
public record SinkSettings(String channel, String topic, String key, int partition, long maxInflightMessages,
                           boolean waitForWriteCompletion, String keySerializer, String valueSerializer,
                           Map<String, Object> clientConfig) {

    public SinkSettings {
        if (maxInflightMessages < 1) {
            throw new IllegalArgumentException("channel " + channel + ": max-inflight-messages must be 1 or more, got "
                    + maxInflightMessages);
        }
        if (partition < -1) {
            throw new IllegalArgumentException("channel " + channel + ": partition must be -1 (none) or more, got " + partition);
        }
        clientConfig = Map.copyOf(clientConfig);
    }
}
