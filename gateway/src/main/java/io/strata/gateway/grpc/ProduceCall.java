package io.strata.gateway.grpc;

import com.google.protobuf.ByteString;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.Acks;
import io.strata.api.v1.BatchResult;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionBatches;
import io.strata.api.v1.ProduceRecord;
import io.strata.api.v1.ProduceRecordHeader;
import io.strata.api.v1.ProduceRequest;
import io.strata.api.v1.ProduceResponse;
import io.strata.api.v1.RecordResult;
import io.strata.gateway.produce.OutgoingRecord;
import io.strata.gateway.produce.PartitionOutcome;
import io.strata.gateway.produce.ProducePlan;
import io.strata.gateway.produce.ProduceService;
import io.strata.gateway.routing.Deadline;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One gRPC Produce: the pre-built batches pass through as they are (one Append each), the simple
 * records are planned and batched and appended after the batches (so, per partition, a request's
 * batches come before its records, as gateway.proto says).
 * The answer has one result per batch entry and per record, each with its error code if it failed.
 */
final class ProduceCall {

    private final ProduceService produce;
    private final ProduceRequest request;
    private final Deadline deadline;

    ProduceCall(ProduceService produce, ProduceRequest request, Deadline deadline) {
        this.produce = produce;
        this.request = request;
        this.deadline = deadline;
    }

    Uni<ProduceResponse> run() {
        if (request.getBatchesCount() == 0 && request.getRecordsCount() == 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "the request carries neither batches nor records");
        }
        Acks acks = request.getAcks() == Acks.ACKS_UNSPECIFIED ? Acks.ACKS_ALL : request.getAcks();
        List<Map.Entry<Integer, ByteString>> entries = new ArrayList<>();
        for (PartitionBatches batches : request.getBatchesList()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(batches.getPartition(), batches.getRecords()));
        }
        List<OutgoingRecord> records = request.getRecordsList().stream().map(ProduceCall::record).toList();
        ProducePlan plan = records.isEmpty() ? null : produce.plan(request.getTopic(), null, records);
        Uni<List<PartitionOutcome>> batchOutcomes = produce.produceBatches(request.getTopic(), entries, acks, deadline);
        return batchOutcomes.chain(batches -> (plan == null ? Uni.createFrom().item(List.<PartitionOutcome>of())
                        : produce.produce(request.getTopic(), plan, records, acks, deadline))
                .map(recordOutcomes -> answer(batches, plan, recordOutcomes)));
    }

    private ProduceResponse answer(List<PartitionOutcome> batches, ProducePlan plan, List<PartitionOutcome> recordOutcomes) {
        ProduceResponse.Builder response = ProduceResponse.newBuilder();
        for (int i = 0; i < request.getBatchesCount(); i++) {
            PartitionOutcome outcome = i < batches.size() ? batches.get(i) : null;
            BatchResult.Builder result = BatchResult.newBuilder().setPartition(request.getBatches(i).getPartition())
                    .setBaseOffset(-1).setLastOffset(-1).setLogStartOffset(-1);
            if (outcome != null && outcome.failed()) {
                result.setErrorCode(outcome.failure().code()).setErrorMessage(outcome.failure().getMessage());
            } else if (outcome != null) {
                result.setBaseOffset(outcome.offsets()[0]).setLastOffset(outcome.offsets()[1]);
            }
            response.addBatches(result);
        }
        if (plan != null) {
            Map<Integer, PartitionOutcome> byPartition = new HashMap<>();
            recordOutcomes.forEach(o -> byPartition.put(o.partition(), o));
            Map<Integer, Integer> seen = new HashMap<>();
            for (int i = 0; i < plan.partitionOf().length; i++) {
                int partition = plan.partitionOf()[i];
                int k = seen.merge(partition, 1, Integer::sum) - 1;
                PartitionOutcome outcome = byPartition.get(partition);
                RecordResult.Builder result = RecordResult.newBuilder().setPartition(partition).setOffset(-1);
                if (outcome != null && outcome.offsets()[k] >= 0) {
                    result.setOffset(outcome.offsets()[k]);
                } else if (outcome != null && outcome.failed()) {
                    result.setErrorCode(outcome.failure().code()).setErrorMessage(outcome.failure().getMessage());
                }
                response.addRecords(result);
            }
        }
        return response.build();
    }

    private static OutgoingRecord record(ProduceRecord record) {
        List<Header> headers = new ArrayList<>(record.getHeadersCount());
        for (ProduceRecordHeader header : record.getHeadersList()) {
            headers.add(new RecordHeader(header.getKey(), header.hasValue() ? header.getValue().toByteArray() : null));
        }
        return new OutgoingRecord(record.hasPartition() ? record.getPartition() : null,
                record.hasKey() ? record.getKey().toByteArray() : null,
                record.hasValue() ? record.getValue().toByteArray() : null, headers, record.getTimestampMs());
    }
}
