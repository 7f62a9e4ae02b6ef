package io.clearhouse.launcher.bench;

import io.clearhouse.launcher.StackConfig;
import io.clearhouse.launcher.demo.GatewayClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Scale-out on one machine: with more instances started ({@code CLEARHOUSE_EXTRA_INSTANCES=ingest,gateway}),
 * sends the end-to-end load round-robin over every gateway, shows how the ingest and settlement consumer
 * groups share the partitions between their members, and checks that every accepted transaction was
 * recorded and counted exactly once.
 */
final class ScaleBenchmark {

    private final StackConfig config;
    private final GatewayClient gateway;

    ScaleBenchmark(StackConfig config, GatewayClient gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    BenchReport run(List<String> gateways, int rate, int seconds, int jitWarmupSeconds) throws Exception {
        BenchReport report = new EndToEndBenchmark(config, gateway, gateways, "scale").run(rate, seconds, jitWarmupSeconds);
        Properties p = new Properties();
        p.put("bootstrap.servers", config.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(List.of("ingest", "settlement"))
                    .all().get(30, TimeUnit.SECONDS);
            List<List<String>> rows = new ArrayList<>();
            for (ConsumerGroupDescription g : groups.values()) {
                for (MemberDescription m : g.members()) {
                    Map<String, List<Integer>> byTopic = new TreeMap<>();
                    for (TopicPartition tp : m.assignment().topicPartitions()) {
                        byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
                    }
                    byTopic.values().forEach(list -> list.sort(Integer::compare));
                    rows.add(List.of(g.groupId(), m.clientId(), m.host(), byTopic.toString()));
                }
                report.figure("consumer group " + g.groupId() + ": members", g.members().size(), "");
            }
            report.table("who consumes which partitions", List.of("group", "member (client id)", "host",
                    "partitions by topic"), rows);
        }
        return report;
    }
}
