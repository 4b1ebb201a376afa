package io.strata.connector;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * A channel's configuration as SmallRye Reactive Messaging hands it to a connector: the channel's
 * attributes with their prefix removed, plus {@code channel-name} and {@code connector}; built on
 * SmallRye Config so values convert exactly as in an application.
 */
final class ChannelConfig {

    private ChannelConfig() {
    }

    static Config of(String channel, Map<String, String> attributes) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("channel-name", channel);
        all.put("connector", StrataConnector.CONNECTOR_NAME);
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(all, "channel " + channel, 100)).build();
    }
}
