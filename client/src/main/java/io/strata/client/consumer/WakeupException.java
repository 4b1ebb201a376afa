package io.strata.client.consumer;

import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;

/**
 * Thrown by a consumer's {@code poll} (or {@code position}) because another thread called
 * {@link Consumer#wakeup()}: the call was interrupted on purpose, typically to shut the polling
 * loop down. Nothing failed, so it carries no error of the cluster ({@code ERROR_CODE_UNSPECIFIED});
 * it is a {@link StrataClientException} so that a loop catching those also sees it, as Kafka's
 * {@code WakeupException} is a {@code KafkaException}.
 */
public final class WakeupException extends StrataClientException {

    public WakeupException() {
        super(ErrorCode.ERROR_CODE_UNSPECIFIED, "woken up by Consumer.wakeup()");
    }
}
