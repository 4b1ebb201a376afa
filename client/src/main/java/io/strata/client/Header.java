package io.strata.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a name and a value that may be null. The value array is the caller's and is
 * not copied: do not change it after handing it to a producer.
 */
public record Header(String key, byte[] value) {

    public Header {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Header header && key.equals(header.key) && Arrays.equals(value, header.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[" + key + ", " + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
