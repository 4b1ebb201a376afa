package io.strata.kafka.error;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that turns a failure into a Kafka error code. Strata's codes carry Kafka's names,
 * so most map by name; the few Kafka has no name for map to the Kafka code a Kafka client treats
 * the same way (retriable stays retriable). Every {@link ErrorCode} has an entry (checked when the
 * class loads). Anything that is not a {@link StrataException} or a Kafka {@link ApiException} is
 * UNKNOWN_SERVER_ERROR.
 */
public final class KafkaErrors {

    private static final Map<ErrorCode, Errors> TABLE = new EnumMap<>(ErrorCode.class);

    static {
        for (ErrorCode code : ErrorCode.values()) {
            if (code == ErrorCode.UNRECOGNIZED) {
                continue;
            }
            Errors byName = byName(code.name());
            if (byName != null) {
                TABLE.put(code, byName);
            }
        }
        TABLE.put(ErrorCode.ERROR_CODE_UNSPECIFIED, Errors.UNKNOWN_SERVER_ERROR);
        TABLE.put(ErrorCode.INVALID_TOPIC, Errors.INVALID_TOPIC_EXCEPTION);
        TABLE.put(ErrorCode.STORAGE_ERROR, Errors.KAFKA_STORAGE_ERROR);
        TABLE.put(ErrorCode.NODE_NOT_AVAILABLE, Errors.LEADER_NOT_AVAILABLE);
        TABLE.put(ErrorCode.GROUP_NOT_EMPTY, Errors.NON_EMPTY_GROUP);
        TABLE.put(ErrorCode.UNKNOWN_CONSUMER_INSTANCE, Errors.UNKNOWN_MEMBER_ID);
        TABLE.put(ErrorCode.STALE_NODE_EPOCH, Errors.STALE_BROKER_EPOCH);
        TABLE.put(ErrorCode.CONSUMER_INSTANCE_ALREADY_EXISTS, Errors.MEMBER_ID_REQUIRED);
        TABLE.put(ErrorCode.CONSUMER_NOT_SUBSCRIBED, Errors.INVALID_REQUEST);
        TABLE.put(ErrorCode.THROTTLED, Errors.THROTTLING_QUOTA_EXCEEDED);
        TABLE.put(ErrorCode.AUTHENTICATION_FAILED, Errors.SASL_AUTHENTICATION_FAILED);
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.UNRECOGNIZED && !TABLE.containsKey(code)) {
                throw new ExceptionInInitializerError("no Kafka error code for Strata's " + code);
            }
        }
    }

    private KafkaErrors() {
    }

    /** The Kafka code of Strata's code. */
    public static Errors of(ErrorCode code) {
        return TABLE.getOrDefault(code, Errors.UNKNOWN_SERVER_ERROR);
    }

    /** The Kafka code of a failure, looking through the wrappers of stages. */
    public static Errors of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StrataException strata) {
            return of(strata.code());
        }
        if (cause instanceof ApiException) {
            return Errors.forException(cause);
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /** The failure as a Kafka exception with Strata's message, for {@code AbstractRequest.getErrorResponse}. */
    public static ApiException asApiException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return api;
        }
        return of(cause).exception(cause.getMessage());
    }

    /** The message to put in a response's error_message field. */
    public static String message(Throwable failure) {
        return unwrap(failure).getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Errors byName(String name) {
        try {
            return Errors.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
