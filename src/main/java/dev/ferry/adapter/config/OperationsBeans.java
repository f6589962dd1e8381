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
import dev.ferry.adapter.secrets.CachedSecretStore;
import dev.ferry.adapter.secrets.SecretSettings;
import dev.ferry.adapter.secrets.SecretsManagerStore;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wiring for running Ferry on AWS: metrics (EMF on standard output), secrets by ARN, and the worker's redelivery backoff. */
public class OperationsBeans {

    @Produces
    @Singleton
    EmfWriter metrics(Clock clock, ObjectMapper json, FerryConfig config) {
        return config.metrics().enabled() ? EmfWriter.toStandardOutput(clock, json) : EmfWriter.off();
    }

    /** Secret settings: read by ARN from Secrets Manager (once per instance), else the plain settings. */
    @Produces
    @Singleton
    SecretSettings secretSettings() {
        return new SecretSettings(new CachedSecretStore(new SecretsManagerStore(() -> SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).build())));
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
