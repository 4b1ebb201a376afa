package io.strata.api.error;

import io.grpc.Status;
import io.strata.api.v1.ErrorCode;

import java.util.EnumMap;
import java.util.Map;

/**
 * The single table from each {@link ErrorCode} to its gRPC status code, its HTTP status and
 * whether a client may retry. Every service's error mapper and every client read it from here, so
 * the three views of an error can never drift apart. Every code has exactly one row (checked by
 * the class initializer: adding a code without a row fails at start-up, not in production).
 */
public record ErrorStatus(ErrorCode code, Status.Code grpc, int http, boolean retriable) {

    private static final Map<ErrorCode, ErrorStatus> TABLE = new EnumMap<>(ErrorCode.class);

    static {
        row(ErrorCode.ERROR_CODE_UNSPECIFIED, Status.Code.UNKNOWN, 500, false);
        row(ErrorCode.UNKNOWN_SERVER_ERROR, Status.Code.INTERNAL, 500, false);
        row(ErrorCode.NOT_LEADER_OR_FOLLOWER, Status.Code.FAILED_PRECONDITION, 503, true);
        row(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, Status.Code.NOT_FOUND, 404, false);
        row(ErrorCode.OFFSET_OUT_OF_RANGE, Status.Code.OUT_OF_RANGE, 416, false);
        row(ErrorCode.CORRUPT_MESSAGE, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.MESSAGE_TOO_LARGE, Status.Code.INVALID_ARGUMENT, 413, false);
        row(ErrorCode.NOT_ENOUGH_REPLICAS, Status.Code.UNAVAILABLE, 503, true);
        row(ErrorCode.INVALID_TOPIC, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.TOPIC_ALREADY_EXISTS, Status.Code.ALREADY_EXISTS, 409, false);
        row(ErrorCode.FENCED_LEADER_EPOCH, Status.Code.FAILED_PRECONDITION, 409, true);
        row(ErrorCode.UNKNOWN_LEADER_EPOCH, Status.Code.FAILED_PRECONDITION, 409, true);
        row(ErrorCode.UNKNOWN_MEMBER_ID, Status.Code.NOT_FOUND, 404, false);
        row(ErrorCode.REBALANCE_IN_PROGRESS, Status.Code.ABORTED, 409, true);
        row(ErrorCode.STORAGE_ERROR, Status.Code.UNAVAILABLE, 507, true);
        row(ErrorCode.INVALID_REQUEST, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.INVALID_CONFIG, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.INVALID_PARTITIONS, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.INVALID_REPLICATION_FACTOR, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.REQUEST_TIMED_OUT, Status.Code.DEADLINE_EXCEEDED, 504, true);
        row(ErrorCode.LEADER_NOT_AVAILABLE, Status.Code.UNAVAILABLE, 503, true);
        row(ErrorCode.NODE_NOT_AVAILABLE, Status.Code.UNAVAILABLE, 503, true);
        row(ErrorCode.STALE_CONTROLLER_EPOCH, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.DUPLICATE_SEQUENCE_NUMBER, Status.Code.ALREADY_EXISTS, 409, false);
        row(ErrorCode.INVALID_PRODUCER_EPOCH, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.UNKNOWN_PRODUCER_ID, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.FENCED_MEMBER_EPOCH, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.GROUP_ID_NOT_FOUND, Status.Code.NOT_FOUND, 404, false);
        row(ErrorCode.GROUP_NOT_EMPTY, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.INVALID_GROUP_ID, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.UNKNOWN_CONSUMER_INSTANCE, Status.Code.NOT_FOUND, 404, false);
        row(ErrorCode.INVALID_TIMESTAMP, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.INVALID_RECORD, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.REPLICA_NOT_AVAILABLE, Status.Code.UNAVAILABLE, 503, true);
        row(ErrorCode.STALE_NODE_EPOCH, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.CONSUMER_INSTANCE_ALREADY_EXISTS, Status.Code.ALREADY_EXISTS, 409, false);
        row(ErrorCode.CONSUMER_NOT_SUBSCRIBED, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, Status.Code.UNAVAILABLE, 503, true);
        row(ErrorCode.THROTTLED, Status.Code.RESOURCE_EXHAUSTED, 429, true);
        row(ErrorCode.INCONSISTENT_CLUSTER_ID, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, Status.Code.PERMISSION_DENIED, 403, false);
        row(ErrorCode.DUPLICATE_BROKER_REGISTRATION, Status.Code.FAILED_PRECONDITION, 409, true);
        row(ErrorCode.RESOURCE_NOT_FOUND, Status.Code.NOT_FOUND, 404, false);
        row(ErrorCode.UNACCEPTABLE_CREDENTIAL, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.AUTHENTICATION_FAILED, Status.Code.UNAUTHENTICATED, 401, false);
        row(ErrorCode.INVALID_REPLICA_ASSIGNMENT, Status.Code.INVALID_ARGUMENT, 400, false);
        row(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, Status.Code.NOT_FOUND, 404, false);
        row(ErrorCode.TOPIC_AUTHORIZATION_FAILED, Status.Code.PERMISSION_DENIED, 403, false);
        row(ErrorCode.GROUP_AUTHORIZATION_FAILED, Status.Code.PERMISSION_DENIED, 403, false);
        row(ErrorCode.ELECTION_NOT_NEEDED, Status.Code.FAILED_PRECONDITION, 409, false);
        row(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, Status.Code.UNAVAILABLE, 503, true);
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.UNRECOGNIZED && !TABLE.containsKey(code)) {
                throw new ExceptionInInitializerError("no ErrorStatus row for " + code);
            }
        }
    }

    private static void row(ErrorCode code, Status.Code grpc, int http, boolean retriable) {
        TABLE.put(code, new ErrorStatus(code, grpc, http, retriable));
    }

    /** The row of a code; UNRECOGNIZED (a code newer than this build) reads as an unknown server error. */
    public static ErrorStatus of(ErrorCode code) {
        ErrorStatus status = TABLE.get(code);
        return status != null ? status : TABLE.get(ErrorCode.UNKNOWN_SERVER_ERROR);
    }
}
