package io.gatevault.allinone.cli;

import io.gatevault.allinone.demo.DemoScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatevault demo}: the whole story, narrated, on this machine. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole story on this machine with only a JDK: start a Spring Cloud Gateway and",
      "Gatevault, back the gateway up, deploy a bad change, damage a stored copy and watch",
      "verification catch it, restore, and check by HTTP that the gateway behaves as before.",
      "Exits 0 when the restored gateway answers exactly as before."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--dir",
      description = "Working folder (default: a new folder under the system's temp folder).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path work = dir != null ? dir : Files.createTempDirectory("gatevault-demo-");
    Files.createDirectories(work);
    System.setProperty("gatevault.log.dir", work.resolve("logs").toString());
    boolean same = new DemoScenario(System.out, work.toAbsolutePath()).run();
    return same ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
