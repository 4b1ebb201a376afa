package io.strata.kafka.api;

import io.strata.kafka.backend.FileBatches;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.requests.ResponseHeader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes one response frame with kafka-clients' generated classes:
 *
 * <pre>
 * +----------------+---------------------------+--------------------------+
 * | length: int32  | ResponseHeader (v0 or v1)  | response body at version |
 * +----------------+---------------------------+--------------------------+
 * </pre>
 *
 * The length counts the header and the body. The header version follows from the API and the
 * request version ({@code ApiKeys.responseHeaderVersion}); ApiVersions always answers with header
 * v0 so that a client can read it whatever version it asked for.
 *
 * <p>A Fetch answer whose partitions carry {@link FileBatches} is written in pieces
 * ({@link #encodeParts}): the same bytes as {@link #encode} would write, except that each such
 * partition's record bytes are left in their file and the frame is cut there. The records field is
 * length-prefixed (a compact unsigned varint of size + 1 from v12, an int32 before), and the
 * prefix is written from {@link FileBatches#sizeInBytes()}, so it precedes the cut. Stateless.
 */
public final class ResponseFrames {

    private ResponseFrames() {
    }

    /**
     * The frame answering {@code request} with {@code body} at {@code version}, in pieces: memory
     * for everything but the records of partitions that carry {@link FileBatches}, which become
     * {@link FramePart.File} pieces between them. On failure the caller still owns the file batches.
     */
    public static List<FramePart> encodeParts(RequestHeader request, short version, FetchResponseData body) {
        long fileBytes = 0;
        for (FetchResponseData.FetchableTopicResponse topic : body.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.records() instanceof FileBatches file) {
                    fileBytes += file.sizeInBytes();
                }
            }
        }
        return write(request, version, body, fileBytes, PartsWriter::new).parts();
    }

    /** Writes into one buffer, except {@link FileBatches}: it notes where they go instead of copying them. */
    private static final class PartsWriter extends ByteBufferAccessor {
        private final ByteBuffer frame;
        private final List<FramePart> parts = new ArrayList<>();
        private int cut;

        PartsWriter(ByteBuffer frame) {
            super(frame);
            this.frame = frame;
        }

        @Override
        public void writeRecords(BaseRecords records) {
            if (records instanceof FileBatches file) {
                addBytesUpTo(frame.position());
                parts.add(new FramePart.File(file));
            } else {
                super.writeRecords(records);
            }
        }

        List<FramePart> parts() {
            addBytesUpTo(frame.position());
            return parts;
        }

        private void addBytesUpTo(int end) {
            if (end > cut) {
                parts.add(new FramePart.Bytes(frame.slice(cut, end - cut).asReadOnlyBuffer()));
                cut = end;
            }
        }
    }

    /** The frame answering {@code request} with {@code body} written at {@code version}. */
    public static ByteBuffer encode(RequestHeader request, short version, ApiMessage body) {
        return write(request, version, body, 0, ByteBufferAccessor::new).buffer().flip();
    }

    /**
     * Measures and writes the frame (length, header, body) with the writer {@code writerOf} makes
     * over a buffer sized for everything but {@code outsideBytes} (records the writer leaves in
     * their files); fails if the body wrote other than it measured.
     */
    private static <W extends ByteBufferAccessor> W write(RequestHeader request, short version, ApiMessage body,
                                                         long outsideBytes, Function<ByteBuffer, W> writerOf) {
        short headerVersion = request.apiKey().responseHeaderVersion(version);
        ResponseHeader header = new ResponseHeader(request.correlationId(), headerVersion);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        header.data().addSize(size, cache, headerVersion);
        body.addSize(size, cache, version);
        ByteBuffer frame = ByteBuffer.allocate(Math.toIntExact(4 + size.totalSize() - outsideBytes));
        frame.putInt(size.totalSize());
        W writer = writerOf.apply(frame);
        header.data().write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        if (frame.hasRemaining()) {
            throw new IllegalStateException("response " + request.apiKey() + " v" + version + " wrote "
                    + frame.position() + " bytes of the " + frame.capacity() + " it measured");
        }
        return writer;
    }
}
