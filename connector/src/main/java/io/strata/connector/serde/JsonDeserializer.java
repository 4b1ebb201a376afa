package io.strata.connector.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.util.Map;

/**
 * Reads JSON (UTF-8) with Jackson into the class named by the channel attribute
 * {@code json.value.type} ({@code json.key.type} for keys), or into a {@link JsonNode} when none is
 * named; null stays null. Unknown JSON properties are ignored, so producers may add fields.
 * Thread-safe after {@link #configure}.
 */
public final class JsonDeserializer implements Deserializer<Object> {

    public static final String VALUE_TYPE = "json.value.type";
    public static final String KEY_TYPE = "json.key.type";

    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private volatile Class<?> type = JsonNode.class;

    public JsonDeserializer() {
    }

    public JsonDeserializer(Class<?> type) {
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        String attribute = isKey ? KEY_TYPE : VALUE_TYPE;
        Object name = configs.get(attribute);
        if (name == null) {
            return;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(name.toString(), true, loader != null ? loader : JsonDeserializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(attribute + "=" + name + ": no such class", e);
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("cannot read a " + type.getName() + " from the JSON of a record of topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }
}
