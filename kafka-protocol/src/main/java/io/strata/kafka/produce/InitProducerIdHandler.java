package io.strata.kafka.produce;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * InitProducerId for idempotent (non-transactional) producers: a fresh producer id from
 * {@link ProducerIdBlocks}, epoch 0. A producer that asks again with its current id and epoch
 * (KIP-360, after a sequence error) simply gets a new id, which resets its sequences just as well.
 *
 * <p>Transactions are not supported: a request with a transactional id is refused with
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED, Kafka's answer when a client may not use transactional
 * ids; every client treats it as fatal rather than retrying (InitProducerId has no error message
 * field, so the reason is logged here). Stateless apart from the blocks; thread-safe.
 */
final class InitProducerIdHandler implements KafkaApiHandler {

    private static final Logger LOG = Logger.getLogger(InitProducerIdHandler.class);

    private final ProducerIdBlocks producerIds;

    InitProducerIdHandler(ProducerIdBlocks producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public short minVersion() {
        return ApiKeys.INIT_PRODUCER_ID.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.INIT_PRODUCER_ID.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        InitProducerIdRequestData data = request.data();
        if (data.transactionalId() != null) {
            LOG.infof("refusing InitProducerId for transactional id '%s' from client %s: transactions are not supported",
                    data.transactionalId(), request.header().clientId());
            return CompletableFuture.completedFuture(error(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        return producerIds.next().handle((id, failure) -> failure == null
                ? new InitProducerIdResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code())
                        .setProducerId(id).setProducerEpoch((short) 0)
                : error(KafkaErrors.of(failure)));
    }

    private static ApiMessage error(Errors error) {
        return new InitProducerIdResponseData().setThrottleTimeMs(0).setErrorCode(error.code())
                .setProducerId(-1).setProducerEpoch((short) -1);
    }
}
