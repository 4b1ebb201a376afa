package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/** Kafka's topic name rule: 1–249 characters of {@code [a-zA-Z0-9._-]}, and neither "." nor "..". */
public final class TopicName {

    /** Kafka's limit: the name must fit in a directory name with a partition suffix. */
    public static final int MAX_LENGTH = 249;

    private TopicName() {
    }

    /** The name if valid, else INVALID_TOPIC naming the value and the rule it breaks. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw refuse("", "is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw refuse(name.substring(0, 20) + "…", "is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (name.equals(".") || name.equals("..")) {
            throw refuse(name, "is not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLegal(c)) {
                throw refuse(name, "contains '" + c + "' at index " + i + "; only [a-zA-Z0-9._-] are allowed");
            }
        }
        return name;
    }

    private static boolean isLegal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    private static StrataException refuse(String name, String why) {
        return new StrataException(ErrorCode.INVALID_TOPIC, "name: topic name '" + name + "' " + why);
    }
}
