package io.gatevault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.e2e.harness.ProcessHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The root {@code docker-compose.yml} cannot be started here (no Docker engine), so this checks
 * what can be checked without one: it parses, every service module has a container built from its
 * own executable jar, and the containers are wired to the broker and registry the file defines.
 */
class DockerComposeConsistencyTest {

  /** Modules under services/ that are not a deployable service of their own. */
  private static final Set<String> NOT_A_CONTAINER = Set.of("all-in-one");

  private static final String DOCKERFILE = "infra/docker/Dockerfile";

  private static Path root;
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parseCompose() throws IOException {
    root = ProcessHarness.repositoryRoot();
    try (InputStream in = Files.newInputStream(root.resolve("docker-compose.yml"))) {
      compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void everyServiceModuleHasAContainerBuiltFromItsOwnModule() throws IOException {
    Set<String> modules = serviceModules();
    assertThat(modules).as("service modules under services/").isNotEmpty();

    assertThat(builtServices().keySet()).containsExactlyInAnyOrderElementsOf(modules);
    builtServices()
        .forEach(
            (name, build) -> {
              assertThat(build.get("context")).as("%s build context", name).isEqualTo(".");
              assertThat(build.get("dockerfile")).as("%s dockerfile", name).isEqualTo(DOCKERFILE);
              assertThat(buildArgs(build)).as("%s build args", name).containsEntry("SERVICE", name);
            });
  }

  @Test
  void everyContainerizedModuleIsInTheReactorAndBuildsTheExecJarTheDockerfileCopies()
      throws Exception {
    String dockerfile = Files.readString(root.resolve(DOCKERFILE));
    assertThat(dockerfile).contains("COPY services/${SERVICE}/target/*-exec.jar /app/app.jar");
    Document rootPom = parse(root.resolve("pom.xml"));
    List<String> reactorModules = texts(rootPom.getDocumentElement(), "module");

    for (String name : builtServices().keySet()) {
      assertThat(reactorModules).as("root pom modules").contains("services/" + name);
      Document pom = parse(root.resolve("services").resolve(name).resolve("pom.xml"));
      assertThat(attachesExecutableJarWithClassifierExec(pom))
          .as(
              "services/%s/pom.xml must attach an executable jar with classifier exec"
                  + " (spring-boot-maven-plugin repackage or maven-shade-plugin), which is the jar"
                  + " infra/docker/Dockerfile copies",
              name)
          .isTrue();
    }
  }

  @Test
  void dockerfileRunsOnTheJavaVersionTheBuildTargets() throws Exception {
    String javaVersion = property(parse(root.resolve("pom.xml")), "java.version");
    assertThat(Files.readString(root.resolve(DOCKERFILE)))
        .contains("FROM eclipse-temurin:" + javaVersion + "-jre");
  }

  @Test
  void kafkaContainerIsTheKafkaVersionTheServicesAreBuiltWith() throws Exception {
    String kafkaVersion = property(parse(root.resolve("pom.xml")), "kafka.version");
    assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + kafkaVersion);
    assertThat(services.get("kafka-topics").get("image")).isEqualTo("apache/kafka:" + kafkaVersion);
  }

  @Test
  void gatevaultServicesReachTheComposeBrokerAndRegistry() {
    String advertised = (String) environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
    String internalListener = advertised.split(",")[0].replace("PLAINTEXT://", "");
    String registryPort = containerPorts("schema-registry").get(0);

    Map<String, Object> registry = environment("schema-registry");
    assertThat(registry).containsEntry("GATEVAULT_BOOTSTRAP_SERVERS", internalListener);
    assertThat(registry.get("GATEVAULT_REGISTRY_PORT").toString()).isEqualTo(registryPort);
    assertThat(registry).containsEntry("GATEVAULT_REGISTRY_BIND_HOST", "0.0.0.0");

    for (String name : builtServices().keySet()) {
      if (!name.equals("schema-registry")) {
        Map<String, Object> environment = environment(name);
        assertThat(environment)
            .as("%s environment", name)
            .containsEntry("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", internalListener);
        assertThat(environment)
            .as("%s environment", name)
            .containsEntry("GATEVAULT_REGISTRY_URL", "http://schema-registry:" + registryPort);
        assertThat(dependsOn(name)).contains("kafka", "kafka-topics", "schema-registry");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusExampleScrapesOnlyServicesOfTheComposeFile() throws IOException {
    Map<String, Object> prometheus;
    try (InputStream in = Files.newInputStream(root.resolve("infra/prometheus/prometheus.yml"))) {
      prometheus = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    List<String> hosts = new ArrayList<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
      for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
        for (String target : (List<String>) group.get("targets")) {
          hosts.add(target.substring(0, target.indexOf(':')));
        }
      }
    }
    assertThat(services.keySet()).containsAll(hosts);
    assertThat(hosts).containsAll(builtServices().keySet());
  }

  @Test
  void publishedPortsBindLoopbackOnly() {
    services.forEach(
        (name, service) -> {
          for (Object port : ports(service)) {
            assertThat(port.toString()).as("published port of %s", name).startsWith("127.0.0.1:");
          }
        });
  }

  @Test
  void controlPlaneListensInsideItsContainerOnThePortItPublishes() {
    Map<String, Object> environment = environment("control-plane");
    assertThat(environment).containsEntry("SERVER_ADDRESS", "0.0.0.0");
    assertThat(containerPorts("control-plane"))
        .containsExactly(environment.get("SERVER_PORT").toString());
  }

  @Test
  void topicsContainerRunsTheTopicsScriptOfThisRepository() {
    Map<String, Object> topics = services.get("kafka-topics");
    assertThat(topics.get("volumes").toString()).contains("./infra/kafka:/gatevault/infra/kafka");
    assertThat(topics.get("entrypoint").toString()).contains("/gatevault/infra/kafka/topics.sh");
    assertThat(root.resolve("infra/kafka/topics.sh")).isExecutable();
  }

  private static Set<String> serviceModules() throws IOException {
    Set<String> modules = new TreeSet<>();
    try (Stream<Path> children = Files.list(root.resolve("services"))) {
      children
          .filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
          .map(dir -> dir.getFileName().toString())
          .filter(name -> !NOT_A_CONTAINER.contains(name))
          .forEach(modules::add);
    }
    return modules;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> builtServices() {
    Map<String, Map<String, Object>> built = new TreeMap<>();
    services.forEach(
        (name, service) -> {
          if (service.get("build") instanceof Map<?, ?> build) {
            built.put(name, (Map<String, Object>) build);
          }
        });
    return built;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> buildArgs(Map<String, Object> build) {
    return (Map<String, Object>) build.getOrDefault("args", Map.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(String service) {
    return (Map<String, Object>) services.get(service).getOrDefault("environment", Map.of());
  }

  @SuppressWarnings("unchecked")
  private static Set<String> dependsOn(String service) {
    Object dependsOn = services.get(service).get("depends_on");
    return dependsOn instanceof Map<?, ?> map
        ? (Set<String>) map.keySet()
        : Set.copyOf((List<String>) dependsOn);
  }

  private static List<?> ports(Map<String, Object> service) {
    return service.get("ports") instanceof List<?> list ? list : List.of();
  }

  /** Container-side ports of a service's published ports ({@code host:hostPort:containerPort}). */
  private static List<String> containerPorts(String service) {
    List<String> result = new ArrayList<>();
    for (Object port : ports(services.get(service))) {
      String[] parts = port.toString().split(":");
      result.add(parts[parts.length - 1]);
    }
    return result;
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  private static List<String> texts(Element scope, String tag) {
    NodeList nodes = scope.getElementsByTagName(tag);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().trim());
    }
    return values;
  }

  private static String property(Document pom, String name) {
    Element properties = (Element) pom.getElementsByTagName("properties").item(0);
    return texts(properties, name).get(0);
  }

  private static boolean attachesExecutableJarWithClassifierExec(Document pom) {
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      List<String> artifactIds = texts(plugin, "artifactId");
      boolean bootRepackage =
          artifactIds.contains("spring-boot-maven-plugin")
              && texts(plugin, "goal").contains("repackage")
              && texts(plugin, "classifier").contains("exec");
      boolean attachedShade =
          artifactIds.contains("maven-shade-plugin")
              && texts(plugin, "shadedArtifactAttached").contains("true")
              && texts(plugin, "shadedClassifierName").contains("exec");
      if (bootRepackage || attachedShade) {
        return true;
      }
    }
    return false;
  }
}
