package io.strata.kafka.admin;

import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;

import java.util.Collection;

/**
 * One config as DescribeConfigs answers it, before the request's options are applied: the type
 * (v3+) and the documentation are sent only when the version and the request ask for them, and
 * the one synonym (the entry itself: Strata has no broker-level names such as
 * {@code log.retention.ms} behind a topic config) only when synonyms are asked for.
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
            result.synonyms().add(new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source));
        }
        return result;
    }
}
