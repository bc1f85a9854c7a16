package io.gatevault.allinone.cli;

import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gatevault up}: the embedded default, in the foreground until Ctrl+C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded stack: a Kafka broker (KRaft) in this process, the schema registry and"
          + " every service, with the control-plane API on 127.0.0.1.",
      "Runs in the foreground; Ctrl+C stops it cleanly. Data stays in data-dir across restarts."
    })
final class UpCommand implements Callable<Integer> {

  @Mixin ConfigOption config = new ConfigOption();

  @Override
  public Integer call() throws InterruptedException {
    GatevaultConfig loaded = config.load();
    // Before the first logger exists: logback.xml writes the full log under data-dir.
    System.setProperty("gatevault.log.dir", loaded.dataDir().resolve("logs").toString());
    Progress progress = new Progress(System.out, EmbeddedStack.steps(loaded));
    progress.say("Gatevault: starting the embedded stack (" + config.path() + ")");
    EmbeddedStack stack = new EmbeddedStack(loaded, progress).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  progress.say("Gatevault: stopping ...");
                  stack.close();
                  progress.say("Gatevault: stopped.");
                  stopped.countDown();
                },
                "gatevault-stop"));
    progress.say("");
    progress.say("Gatevault is up.");
    progress.say("  Kafka bootstrap servers  " + stack.bootstrapServers());
    progress.say("  Schema registry          " + stack.registryUrl());
    if (loaded.services().contains("control-plane")) {
      progress.say("  Control plane API        " + stack.controlPlaneUrl() + "/api/v1/health");
    }
    progress.say("  Data                     " + loaded.dataDir());
    progress.say("  Log                      " + loaded.dataDir().resolve("logs/gatevault.log"));
    progress.say("  Gateways                 " + loaded.gateways().size() + " configured");
    progress.say("Press Ctrl+C to stop.");
    stopped.await();
    return ExitCodes.OK;
  }
}
