package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlVerificationStore;
import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local engines, directly: the installations' state in the MySQL-compatible server (Ferry's own
 * {@link MySqlJobStore}, {@link MySqlVerificationStore} and {@link StatusReport}) and the local
 * SQS-compatible queue (ElasticMQ; static credentials, as the local run uses).
 */
final class LocalTarget implements FerryTarget {
    private final TargetOptions options;
    private final ObjectMapper json = Json.mapper();
    private StatusReport report;
    private OperatorQueue queue;

    LocalTarget(TargetOptions options) {
        this.options = options;
    }

    @Override
    public boolean readsStatus() {
        return true;
    }

    private StatusReport report() {
        if (report == null) {
            MysqlDataSource dataSource = new MysqlDataSource();
            dataSource.setUrl(withUtc(options.databaseUrl()));
            InstallationDatabases databases = new InstallationDatabases(dataSource, options.databasePrefix());
            report = new StatusReport(PlanLoader.load(options.plan()), new MySqlJobStore(dataSource, databases),
                    new StateDatabasesDirectory(dataSource, options.databasePrefix()),
                    new MySqlVerificationStore(dataSource, databases), Clock.systemUTC(), databases);
        }
        return report;
    }

    /** Connector/J settings Ferry's state needs (times in UTC), unless the URL sets them. */
    static String withUtc(String url) {
        StringBuilder out = new StringBuilder(url);
        String separator = url.contains("?") ? "&" : "?";
        for (String setting : new String[] {"connectionTimeZone=UTC", "forceConnectionTimeZoneToSession=true",
                "connectTimeout=5000"}) {
            if (!url.contains(setting.substring(0, setting.indexOf('=') + 1))) {
                out.append(separator).append(setting);
                separator = "&";
            }
        }
        return out.toString();
    }

    @Override
    public StatusReport.InstallationState installation(InstallationId installation) {
        return report().installation(installation);
    }

    @Override
    public StatusReport.Fleet fleet() {
        return report().fleet();
    }

    @Override
    public String statusJson(InstallationId installationOrNull) {
        try {
            return json.writeValueAsString(installationOrNull == null ? fleet() : installation(installationOrNull));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OperatorQueue queue() {
        if (queue == null) {
            String url = options.queueUrl();
            URI parsed = URI.create(url);
            URI endpoint = URI.create(parsed.getScheme() + "://" + parsed.getAuthority());
            SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            queue = new OperatorQueue(sqs, url, options.operatorQueueUrl(), options.deadLetterQueueUrl(), json);
        }
        return queue;
    }

    @Override
    public void close() {
        if (queue != null) {
            queue.close();
        }
    }
}
