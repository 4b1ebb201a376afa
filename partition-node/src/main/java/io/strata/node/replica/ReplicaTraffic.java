package io.strata.node.replica;

import java.util.concurrent.atomic.LongAdder;

/**
 * What producers wrote to and consumers read from one replica while this node held it open, as
 * Kafka counts its topic-level MessagesIn, BytesIn and BytesOut: appends taken as leader (a batch
 * recognised as a producer's retry adds nothing), and consumer reads (replication to followers is
 * not consumer traffic). Counters only grow; they start at zero each time the replica is opened.
 * Thread-safe (adders).
 */
public final class ReplicaTraffic {

    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    void appended(int records, int bytes) {
        recordsIn.add(records);
        bytesIn.add(bytes);
    }

    void read(int bytes) {
        bytesOut.add(bytes);
    }

    public long recordsIn() {
        return recordsIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }
}
