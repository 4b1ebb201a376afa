package io.strata.connector.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any object as JSON (UTF-8) with Jackson; null stays null (a tombstone). Set it as a
 * channel's {@code value.serializer} (or {@code key.serializer}). Thread-safe: one mapper, shared.
 */
public final class JsonSerializer implements Serializer<Object> {

    private final ObjectMapper mapper;

    public JsonSerializer() {
        this(JsonDeserializer.MAPPER);
    }

    public JsonSerializer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write a " + data.getClass().getName() + " as JSON for topic "
                    + topic + ": " + e.getOriginalMessage(), e);
        }
    }
}
