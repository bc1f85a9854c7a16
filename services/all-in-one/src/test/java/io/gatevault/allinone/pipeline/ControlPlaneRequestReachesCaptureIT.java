package io.gatevault.allinone.pipeline;

import static io.gatevault.allinone.pipeline.PipelineEvents.WAIT;
import static io.gatevault.allinone.pipeline.PipelineEvents.action;
import static io.gatevault.allinone.pipeline.PipelineEvents.audits;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A backup requested over the control plane's REST API is captured by the capture service. */
class ControlPlaneRequestReachesCaptureIT {

  private final PipelineServices services = PipelineServices.get();

  @Test
  void backupPostedToTheControlPlaneIsCapturedFromTheGateway() throws Exception {
    String port = services.controlPlane().getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/api/v1/gateways/"
                                + PipelineServices.GATEWAY_ID
                                + "/backups"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"FULL\",\"requestedBy\":\"carol\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    String commandId = response.body().replaceAll(".*\"commandId\":\"([^\"]+)\".*", "$1");
    List<AuditRecord> captured =
        audits(services.probe, action("snapshot.capture", "commandId", commandId), 1, WAIT);
    assertThat(captured)
        .singleElement()
        .satisfies(
            audit -> {
              assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS);
              assertThat(audit.actor()).isEqualTo("capture");
            });
  }
}
