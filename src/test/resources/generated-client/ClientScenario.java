package org.slurmllm.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slurmllm.client.api.AccessApi;
import org.slurmllm.client.api.OpenAiApi;
import org.slurmllm.client.model.Batch;
import org.slurmllm.client.model.Key;
import org.slurmllm.client.model.OpenAiModel;
import org.slurmllm.client.model.UsagePage;

/**
 * What a portal's integration does first, written against the client that openapi-generator made
 * from the running server's /openapi (compiled with it by GeneratedClientIT): every call and type
 * here is the generator's. Answers what it read, in plain Java types.
 */
public final class ClientScenario {

  private ClientScenario() {}

  public static Map<String, Object> run(String baseUri, String adminKey, String batchId)
      throws ApiException {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUri);
    client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + adminKey));
    OpenAiApi openAi = new OpenAiApi(client);
    AccessApi access = new AccessApi(client);
    Map<String, Object> seen = new LinkedHashMap<>();

    List<String> models = openAi.v1ModelsGet().getData().stream().map(OpenAiModel::getId).toList();
    seen.put("models", models);

    Key key = access.apiKeysPost(Map.of("name", "generated-client", "role", "auditor"));
    seen.put("keyId", key.getId());
    seen.put("keyRole", key.getRole().getValue());
    seen.put("key", key.getKey());

    UsagePage usage = access.apiUsageGet(null, null, null, null, "5", null, null, null, null);
    seen.put("usageRequests", usage.getTotals().getRequests());
    seen.put("usageRecords", usage.getData().size());

    Batch batch = openAi.v1BatchesIdGet(batchId);
    seen.put("batchId", batch.getId());
    seen.put("batchStatus", batch.getStatus().getValue());
    seen.put("batchTotal", batch.getRequestCounts().getTotal());
    return seen;
  }
}
