package io.gatevault.testbed.scg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.gateways.scg.ScgProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScgProcessIT {

  @Test
  void sharedGatewayListensOnLoopbackAndAnswersOnItsManagementPort() throws Exception {
    ScgProcess scg = SharedScg.process();

    assertThat(scg.proxyUrl().getHost()).isEqualTo("127.0.0.1");
    assertThat(scg.managementUrl().getPort()).isNotEqualTo(scg.proxyUrl().getPort());
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(scg.managementUrl().resolve("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).contains("UP");
  }

  @Test
  void gatewayThatCannotBindReportsTheEndOfItsLogAndIsStopped() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScgProcess.Options options = ScgProcess.Options.defaults().withPorts(taken.getLocalPort(), 0);

      assertThatThrownBy(() -> ScgProcess.start(options))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited with code")
          .hasMessageContaining(String.valueOf(taken.getLocalPort()))
          .hasMessageContaining("last lines");
    }
  }

  @Test
  void stopEndsTheProcessByItsPid() {
    ScgProcess scg = ScgProcess.start();
    long pid = scg.pid();

    scg.stop();

    assertThat(scg.isAlive()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void missingJarIsReportedWithHowToBuildIt() {
    ScgProcess.Options options =
        new ScgProcess.Options(
            Path.of("/nonexistent/gatevault-testbed-scg-exec.jar"), 0, 0, null, null, List.of());

    assertThatThrownBy(() -> ScgProcess.start(options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("./mvnw -pl testbeds/spring-cloud-gateway -am package");
  }
}
