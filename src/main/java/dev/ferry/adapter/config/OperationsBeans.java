package dev.ferry.adapter.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.metrics.EmfWriter;
import dev.ferry.adapter.sqs.RedeliveryBackoff;
import dev.ferry.adapter.sqs.RedeliveryDelay;
import dev.ferry.adapter.sqs.SqsRedeliveryDelay;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wiring for running Ferry on AWS: metrics (EMF on standard output) and the worker's redelivery backoff. */
public class OperationsBeans {

    @Produces
    @Singleton
    EmfWriter metrics(Clock clock, ObjectMapper json, FerryConfig config) {
        return config.metrics().enabled() ? EmfWriter.toStandardOutput(clock, json) : EmfWriter.off();
    }

    @Produces
    @Singleton
    RedeliveryDelay redeliveryDelay(SqsClient sqs, FerryConfig config) {
        FerryConfig.Queue queue = config.queue();
        List<String> consumed = new ArrayList<>();
        consumed.add(queue.url());
        queue.operatorUrl().filter(u -> !u.isBlank()).ifPresent(consumed::add);
        return new SqsRedeliveryDelay(sqs, new RedeliveryBackoff(queue.retryBackoffBase(), queue.retryBackoffCap()), consumed);
    }
}
