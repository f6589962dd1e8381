package dev.ferry.adapter.blocks;

import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.FileGroupNotifier;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.flow.FileGroupEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends each completed File Group as one JSON {@link FileGroupEvent} to the file-group queue, for the importer function. */
public final class SqsFileGroupNotifier implements FileGroupNotifier {
    private final SqsClient sqs;
    private final String queueUrl;
    private final BlocksFormat format;

    public SqsFileGroupNotifier(SqsClient sqs, String queueUrl, BlocksFormat format) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public void groupComplete(FileGroupEvent event) {
        String body = new String(format.encode(event), StandardCharsets.UTF_8);
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        } catch (SdkException e) {
            throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "could not send the file group " + event.label()
                    + " to the file-group queue: " + e.getMessage(), e);
        }
    }
}
