package io.gatevault.allinone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.config.InvalidConfigurationException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatevault config check}: validates the configuration without starting anything. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with the configuration file.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate the configuration and print it with every default filled in.",
        "Exits 2 and lists every problem (setting, what is wrong, the fix) when it is invalid."
      })
  static final class Check implements Callable<Integer> {

    @Mixin ConfigOption config = new ConfigOption();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ObjectMapper mapper =
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();
      try {
        GatevaultConfig loaded = config.load();
        if (json) {
          var node = mapper.createObjectNode();
          node.put("file", config.path().toString());
          node.put("valid", true);
          node.set("config", mapper.valueToTree(loaded));
          node.with("config").put("dataDir", loaded.dataDir().toString());
          System.out.println(mapper.writeValueAsString(node));
        } else {
          System.out.println(config.path() + ": valid");
          System.out.println("  data-dir       " + loaded.dataDir());
          System.out.println(
              "  kafka          "
                  + loaded.kafka().mode()
                  + (loaded.kafka().mode().equals("external")
                      ? " " + loaded.kafka().bootstrapServers()
                      : " (port " + loaded.kafka().port() + ")"));
          System.out.println(
              "  registry       "
                  + loaded.registry().mode()
                  + (loaded.registry().mode().equals("external")
                      ? " " + loaded.registry().url()
                      : " (port " + loaded.registry().port() + ")"));
          System.out.println(
              "  control-plane  "
                  + loaded.controlPlane().host()
                  + ":"
                  + loaded.controlPlane().port());
          System.out.println("  services       " + String.join(", ", loaded.services()));
          loaded
              .gateways()
              .forEach(
                  g ->
                      System.out.println(
                          "  gateway        "
                              + g.id()
                              + " ("
                              + g.type()
                              + ", "
                              + g.adminUrl()
                              + ", "
                              + g.environment()
                              + ")"));
        }
        return ExitCodes.OK;
      } catch (InvalidConfigurationException e) {
        if (!json) {
          throw e;
        }
        var node = mapper.createObjectNode();
        node.put("file", config.path().toString());
        node.put("valid", false);
        var problems = node.putArray("problems");
        e.problems()
            .forEach(
                p ->
                    problems
                        .addObject()
                        .put("setting", p.setting())
                        .put("problem", p.problem())
                        .put("fix", p.fix()));
        System.out.println(mapper.writeValueAsString(node));
        return ExitCodes.USAGE;
      }
    }
  }
}
