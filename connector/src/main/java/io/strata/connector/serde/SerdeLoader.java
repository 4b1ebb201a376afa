package io.strata.connector.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/**
 * Makes the Kafka serializers and deserializers a channel names ({@code key.deserializer},
 * {@code value.serializer}, …) by class name, through their public no-argument constructor, and
 * configures them with the channel's attributes, as Kafka's clients do. A class that cannot be
 * made fails the channel's creation with an {@link IllegalArgumentException} naming the attribute.
 */
public final class SerdeLoader {

    private SerdeLoader() {
    }

    @SuppressWarnings("unchecked")
    public static <T> Deserializer<T> deserializer(String attribute, String className, Map<String, ?> configs, boolean isKey) {
        Deserializer<T> deserializer = (Deserializer<T>) instantiate(attribute, className, Deserializer.class);
        deserializer.configure(configs, isKey);
        return deserializer;
    }

    @SuppressWarnings("unchecked")
    public static <T> Serializer<T> serializer(String attribute, String className, Map<String, ?> configs, boolean isKey) {
        Serializer<T> serializer = (Serializer<T>) instantiate(attribute, className, Serializer.class);
        serializer.configure(configs, isKey);
        return serializer;
    }

    private static Object instantiate(String attribute, String className, Class<?> expected) {
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(attribute + "=" + className + ": no such class", e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new IllegalArgumentException(attribute + "=" + className + " is not a " + expected.getName());
        }
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(attribute + "=" + className
                    + ": cannot be made with a public no-argument constructor: " + e, e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SerdeLoader.class.getClassLoader();
    }
}
