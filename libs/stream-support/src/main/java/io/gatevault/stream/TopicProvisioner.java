package io.gatevault.stream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the topics of {@link GatevaultTopics} with their partition counts, retention and clean-up
 * policy, before any binding starts (so the binder, which would create them with its own defaults,
 * finds them in place). Topics that exist are left as they are. The replication factor is the
 * broker's default.
 */
public class TopicProvisioner implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final KafkaConnection connection;
  private final Duration timeout;

  public TopicProvisioner(KafkaConnection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  @Override
  public void afterSingletonsInstantiated() {
    provision(GatevaultTopics.all());
  }

  /** Creates whichever of {@code topics} do not exist yet. */
  public void provision(List<GatevaultTopics.TopicSpec> topics) {
    java.util.Map<String, Object> config = new java.util.HashMap<>(connection.clientConfig());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 15000));
    try (Admin admin = Admin.create(config)) {
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(spec -> !existing.contains(spec.name()))
              .map(
                  spec ->
                      new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                          .configs(spec.topicConfig()))
              .toList();
      if (missing.isEmpty()) {
        return;
      }
      admin.createTopics(missing).values().forEach((name, result) -> awaitCreated(name, result));
      log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating Gatevault's topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(e);
    }
  }

  private void awaitCreated(String name, org.apache.kafka.common.KafkaFuture<Void> result) {
    try {
      result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "Could not create topic "
                + name
                + ": "
                + e.getCause().getMessage()
                + ". Check the principal may create topics, or create it beforehand (see"
                + " GatevaultTopics for partitions and retention).",
            e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw unreachable(e);
    }
  }

  private IllegalStateException unreachable(Exception e) {
    return new IllegalStateException(
        "Kafka at "
            + connection.bootstrapServers()
            + " did not answer within "
            + timeout.toSeconds()
            + " s while Gatevault's topics were checked: set"
            + " spring.cloud.stream.kafka.binder.brokers to a reachable broker, or"
            + " gatevault.stream.enabled=false for a context without Kafka",
        e);
  }
}
