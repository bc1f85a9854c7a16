package io.gatevault.stream;

import io.gatevault.messaging.serde.ConfluentAvroDeserializer;
import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Gives every Gatevault service the same Spring Cloud Stream defaults, so that a service's own yml
 * only names its functions and topics. Every default sits in the lowest-precedence property source,
 * so a service's yml, an environment variable or a command-line argument overrides it.
 *
 * <ul>
 *   <li>Native encoding and decoding with the Confluent-wire Avro serde: keys are strings, values
 *       are written by {@link ConfluentAvroSerializer} and read by {@link
 *       ErrorHandlingDeserializer} around {@link ConfluentAvroDeserializer} with {@code
 *       specific.avro.reader=true}, against {@code gatevault.registry.url}. The error-handling
 *       wrapper turns unreadable bytes into a dead letter instead of a consumer stuck on them.
 *   <li>One consumer group per service ({@code gatevault.service-name}, defaulting to {@code
 *       spring.application.name}).
 *   <li>Dead letters enabled on every consumer binding, to {@code <topic>.<group>.dlt} (see {@link
 *       DeadLetterTopics}); the binder provisions that topic with the source's partition count.
 *   <li>{@code gatevault.stream.enabled=false} removes every function binding (this one override
 *       takes precedence), so a test context without Kafka does not hang in provisioning.
 * </ul>
 *
 * <p>Delivery is at least once: offsets are committed after a record was handled, so consumers must
 * be idempotent ({@link ProcessedEvents}, deterministic ids).
 */
public class StreamDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** Name of the property source holding the defaults. */
  public static final String DEFAULTS_SOURCE = "gatevaultStreamDefaults";

  /** Name of the property source that switches bindings off when streaming is disabled. */
  public static final String DISABLED_SOURCE = "gatevaultStreamDisabled";

  private static final Pattern CONSUMER_DESTINATION =
      Pattern.compile("spring\\.cloud\\.stream\\.bindings\\.([^.]+-in-\\d+)\\.destination");

  private static final String BINDER = "spring.cloud.stream.kafka.binder.";

  @Override
  public int getOrder() {
    // After the config files were read (ConfigDataEnvironmentPostProcessor), so the service's
    // bindings can be seen.
    return Ordered.LOWEST_PRECEDENCE - 10;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String serviceName = serviceName(environment);
    Map<String, Object> defaults = new LinkedHashMap<>();
    if (serviceName != null) {
      defaults.put("gatevault.service-name", serviceName);
      defaults.put("spring.cloud.stream.default.group", serviceName);
    }
    defaults.put("spring.cloud.stream.default.consumer.use-native-decoding", "true");
    defaults.put("spring.cloud.stream.default.producer.use-native-encoding", "true");
    defaults.put(
        "spring.cloud.stream.default.consumer.max-attempts", "${gatevault.stream.max-attempts:3}");
    defaults.put("spring.cloud.stream.kafka.default.consumer.enable-dlq", "true");
    defaults.put(
        "spring.cloud.stream.kafka.default.consumer.dlq-producer-properties.configuration.value.serializer",
        DeadLetterValueSerializer.class.getName());
    // A send fails the handling of the record that caused it, instead of failing silently later.
    defaults.put("spring.cloud.stream.kafka.default.producer.sync", "true");
    defaults.put(BINDER + "auto-create-topics", "true");
    defaults.put(
        BINDER + "consumer-properties.key.deserializer", StringDeserializer.class.getName());
    defaults.put(
        BINDER + "consumer-properties.value.deserializer",
        ErrorHandlingDeserializer.class.getName());
    defaults.put(
        BINDER + "consumer-properties." + ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
        ConfluentAvroDeserializer.class.getName());
    defaults.put(BINDER + "consumer-properties.specific.avro.reader", "true");
    defaults.put(BINDER + "consumer-properties.schema.registry.url", "${gatevault.registry.url:}");
    defaults.put(BINDER + "producer-properties.key.serializer", StringSerializer.class.getName());
    defaults.put(
        BINDER + "producer-properties.value.serializer", ConfluentAvroSerializer.class.getName());
    defaults.put(BINDER + "producer-properties.schema.registry.url", "${gatevault.registry.url:}");
    defaults.put(BINDER + "producer-properties.acks", "all");
    defaults.put(BINDER + "producer-properties.enable.idempotence", "true");
    defaults.putAll(deadLetterTopicNames(environment, serviceName));
    environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE, defaults));

    if (!environment.getProperty("gatevault.stream.enabled", Boolean.class, true)) {
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  DISABLED_SOURCE,
                  Map.of(
                      "spring.cloud.function.definition", "",
                      "spring.cloud.stream.function.autodetect", "false")));
    }
  }

  private static String serviceName(ConfigurableEnvironment environment) {
    String name = environment.getProperty("gatevault.service-name");
    if (name == null || name.isBlank()) {
      name = environment.getProperty("spring.application.name");
    }
    return name == null || name.isBlank() ? null : name;
  }

  /**
   * A {@code dlq-name} for each consumer binding that has a destination, so the binder provisions
   * (and {@link DeadLetterRouter} writes to) {@code <topic>.<group>.dlt}.
   */
  private static Map<String, Object> deadLetterTopicNames(
      ConfigurableEnvironment environment, String serviceName) {
    Map<String, Object> names = new LinkedHashMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      for (String property : enumerable.getPropertyNames()) {
        Matcher matcher = CONSUMER_DESTINATION.matcher(property);
        if (!matcher.matches()) {
          continue;
        }
        String binding = matcher.group(1);
        String destination = environment.getProperty(property);
        String group =
            environment.getProperty(
                "spring.cloud.stream.bindings." + binding + ".group",
                environment.getProperty("spring.cloud.stream.default.group", serviceName));
        if (destination == null || destination.isBlank() || group == null || group.isBlank()) {
          continue;
        }
        names.putIfAbsent(
            "spring.cloud.stream.kafka.bindings." + binding + ".consumer.dlq-name",
            DeadLetterTopics.nameFor(destination, group));
      }
    }
    return names;
  }
}
