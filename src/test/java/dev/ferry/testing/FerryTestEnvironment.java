package dev.ferry.testing;

import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real services behind Ferry's Quarkus tests: the test MySQL server (see {@link TestMySql}), an
 * embedded SQS, and the sample source app with a small data set, in databases no other run uses —
 * dropped again when the tests end.
 */
public final class FerryTestEnvironment implements QuarkusTestResourceLifecycleManager {
    /** Three installations; the largest needs several pages of every data type. */
    public static final SampleDataSet DATA = new SampleDataSet(SampleDataSet.DEFAULT_SEED, List.of(
            new InstallationSpec("e2e-large", 450, 800, 120, 1_100),
            new InstallationSpec("e2e-medium", 60, 300, 60, 200),
            new InstallationSpec("e2e-small", 3, 12, 4, 6)));

    private LocalEnvironment environment;
    private String sourceDatabase;
    private String prefix;

    @Override
    public Map<String, String> start() {
        String unique = TestMySql.uniqueName("t");
        sourceDatabase = "ferry_src_" + unique;
        prefix = "fq" + unique.substring(Math.max(0, unique.length() - 6)) + "_";
        environment = LocalEnvironment.start(TestMySql.server(), sourceDatabase, DATA, true, true, prefix);
        Map<String, String> config = new HashMap<>(environment.ferryProperties());
        config.put("ferry.destination.database-prefix", prefix);
        config.put("ferry.worker.safety-margin", "200ms");
        config.put("ferry.worker.initial-page-estimate", "50ms");
        config.put("ferry.worker.lease-slack", "5s");
        config.put("ferry.checker.redispatch-after", "10s");
        config.put("quarkus.datasource.jdbc.max-size", "8");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(environment, new TestInjector.MatchesType(LocalEnvironment.class));
    }

    @Override
    public void stop() {
        if (environment == null) {
            return;
        }
        for (String id : DATA.installationIds()) {
            environment.mysql().dropDatabase(prefix + id);
        }
        environment.mysql().dropDatabase(sourceDatabase);
        environment.close();
    }
}
