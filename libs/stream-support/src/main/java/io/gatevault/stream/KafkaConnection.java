package io.gatevault.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * How to reach the Kafka cluster the binder uses, for the few clients Gatevault creates itself
 * (topic provisioning, publishing undecodable records to their DLT). Read from the binder's own
 * settings so there is one place to configure brokers and security.
 *
 * @param bootstrapServers {@code spring.cloud.stream.kafka.binder.brokers}, with the default port
 *     added where none is given
 * @param clientConfig {@code spring.cloud.stream.kafka.binder.configuration.*} (security, TLS) plus
 *     the bootstrap servers
 */
public record KafkaConnection(String bootstrapServers, Map<String, Object> clientConfig) {

  static KafkaConnection from(Environment environment) {
    Binder binder = Binder.get(environment);
    List<String> brokers =
        binder
            .bind("spring.cloud.stream.kafka.binder.brokers", Bindable.listOf(String.class))
            .orElse(List.of("localhost"));
    String defaultPort =
        binder
            .bind("spring.cloud.stream.kafka.binder.default-broker-port", String.class)
            .orElse("9092");
    String servers =
        brokers.stream()
            .map(String::trim)
            .filter(broker -> !broker.isEmpty())
            .map(broker -> broker.contains(":") ? broker : broker + ":" + defaultPort)
            .collect(Collectors.joining(","));
    Map<String, Object> config =
        new HashMap<>(
            binder
                .bind(
                    "spring.cloud.stream.kafka.binder.configuration",
                    Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
    return new KafkaConnection(servers, Map.copyOf(config));
  }
}
