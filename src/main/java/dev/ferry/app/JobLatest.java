package dev.ferry.app;

import dev.ferry.domain.job.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;

/** Picks the live job of each chain: the one with the highest sequence number. */
final class JobLatest {
    private JobLatest() {
    }

    static Map<String, Job> byChain(List<Job> jobs) {
        return jobs.stream().collect(Collectors.toMap(Job::chain, j -> j,
                BinaryOperator.maxBy(Comparator.comparingInt(j -> j.id().seq()))));
    }
}
