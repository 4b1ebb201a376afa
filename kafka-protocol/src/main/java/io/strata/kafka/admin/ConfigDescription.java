package io.strata.kafka.admin;

import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

import java.util.Collection;

/**
 * One config as DescribeConfigs answers it, before the request's options are applied: the type
 * (v3+) and the documentation are sent only when the version and the request ask for them, and
 * the one synonym (where the value comes from) only when synonyms are asked for. The synonym of a
 * topic's own override carries the topic config's name; that of any other source the broker-level
 * name Kafka gives it ({@code log.retention.ms} for {@code retention.ms}, {@link BrokerConfigNames}),
 * as Kafka's brokers answer. Kafka lists every layer's value as a synonym; Strata only the one in force.
 */
record ConfigDescription(String name, String value, boolean readOnly, byte source, byte type, String documentation) {

    private static final short FIRST_VERSION_WITH_TYPE_AND_DOCUMENTATION = 3;

    /** Whether {@code requestedKeys} asks for this config; null or empty asks for all, as in Kafka's brokers. */
    boolean requestedBy(Collection<String> requestedKeys) {
        return requestedKeys == null || requestedKeys.isEmpty() || requestedKeys.contains(name);
    }

    DescribeConfigsResourceResult toKafka(short version, boolean includeSynonyms, boolean includeDocumentation) {
        DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                .setName(name)
                .setValue(value)
                .setReadOnly(readOnly)
                .setConfigSource(source)
                .setIsSensitive(false);
        if (version >= FIRST_VERSION_WITH_TYPE_AND_DOCUMENTATION) {
            result.setConfigType(type).setDocumentation(includeDocumentation ? documentation : null);
        }
        if (includeSynonyms) {
            String synonym = source == ConfigSource.TOPIC_CONFIG.id() ? name : BrokerConfigNames.brokerName(name);
            result.synonyms().add(new DescribeConfigsSynonym().setName(synonym).setValue(value).setSource(source));
        }
        return result;
    }
}
