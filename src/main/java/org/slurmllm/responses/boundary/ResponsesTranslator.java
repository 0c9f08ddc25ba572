package org.slurmllm.responses.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.access.boundary.TenantQuotas;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.responses.control.ResponseItems;
import org.slurmllm.responses.control.ResponseKeeper;
import org.slurmllm.responses.control.ResponseStore;
import org.slurmllm.responses.control.ResponsesRequest;
import org.slurmllm.responses.control.StreamedResponse;
import org.slurmllm.responses.control.WholeResponse;
import org.slurmllm.responses.entity.StoredResponse;
import org.slurmllm.routing.boundary.ChatTranslator;

/**
 * {@code POST /v1/responses} for the gateway: the request made a chat request after the stored
 * conversation it continues, its answer rewritten by {@link StreamedResponse} or {@link
 * WholeResponse}, and kept for the key's tenant when {@code store} (the default) and the tenant's
 * content policy allow it. A tenant whose policy keeps no text gets {@code store: false} answers
 * and cannot continue a response by its id (a 400 that says so).
 */
@ApplicationScoped
public class ResponsesTranslator implements ChatTranslator {

  @Inject ResponseStore store;
  @Inject ResponseKeeper keeper;
  @Inject TenantQuotas quotas;

  /** Where stored conversations are read and responses kept: never the I/O thread. */
  @Resource ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "slurmllm.response.retention.days", defaultValue = "30")
  int retentionDays;

  @Override
  public CompletableFuture<Translation> translate(Principal caller, byte[] body, String requestId) {
    ResponsesRequest request;
    try {
      request = ResponsesRequest.parse(body);
    } catch (Refused refused) {
      return CompletableFuture.failedFuture(refused);
    }
    boolean keepsText = caller.tenantId() == null || caller.policy() == ContentPolicy.FULL;
    if (request.previousResponseId() != null && !keepsText) {
      return CompletableFuture.failedFuture(
          new Refused(
              400,
              "previous_response_id: the tenant '"
                  + caller.tenantName()
                  + "' keeps no text (content policy "
                  + caller.policy().value()
                  + "), so no response is stored to continue from; send the whole conversation"
                  + " as input, or ask an admin for content policy full",
              "previous_response_id",
              "response_not_stored"));
    }
    boolean stored = request.store() && keepsText;
    if (request.previousResponseId() == null && (!stored || caller.tenantId() == null)) {
      // nothing to read first: no conversation to continue, no tenant quota to check
      return CompletableFuture.completedFuture(translation(caller, request, stored, List.of()));
    }
    return CompletableFuture.supplyAsync(
        () -> {
          List<JsonObject> history = List.of();
          if (request.previousResponseId() != null) {
            boolean visible =
                store
                    .find(request.previousResponseId())
                    .filter(r -> caller.sees(r.tenantId()))
                    .isPresent();
            if (!visible) {
              throw new Refused(
                  404,
                  "previous_response_id: no response with id '"
                      + request.previousResponseId()
                      + "' is stored",
                  "previous_response_id",
                  "response_not_found");
            }
            history = store.conversation(request.previousResponseId());
          }
          if (stored && caller.tenantId() != null) {
            OptionalLong quota = quotas.storageBytes(caller.tenantId());
            long used = quota.isPresent() ? store.storedBytes(caller.tenantId()) : 0;
            if (quota.isPresent() && used >= quota.getAsLong()) {
              throw new Refused(
                  413,
                  "The tenant's storage quota of "
                      + quota.getAsLong()
                      + " bytes is used ("
                      + used
                      + " bytes of files and stored responses): delete some, send store: false,"
                      + " or ask for a larger quota.",
                  "store",
                  "quota_exceeded");
            }
          }
          return translation(caller, request, stored, history);
        },
        executor);
  }

  private Translation translation(
      Principal caller, ResponsesRequest request, boolean stored, List<JsonObject> history) {
    String id = ResponseItems.id("resp_");
    long created = Instant.now().getEpochSecond();
    Function<JsonObject, CompletableFuture<Void>> keeper =
        stored ? response -> keep(caller, request, id, response) : response -> done();
    AnswerRewriter rewriter =
        request.stream()
            ? new StreamedResponse(id, created, request, stored, keeper)
            : new WholeResponse(id, created, request, stored, keeper);
    return new Translation(request.chatBody(history), rewriter);
  }

  private CompletableFuture<Void> keep(
      Principal caller, ResponsesRequest request, String id, JsonObject response) {
    Instant now = Instant.now();
    StoredResponse kept =
        new StoredResponse(
            id,
            caller.tenantId(),
            caller.keyId(),
            request.model(),
            request.previousResponseId(),
            now,
            retentionDays > 0 ? now.plusSeconds(retentionDays * 86_400L) : null,
            request.input().toString(),
            response.toString());
    return keeper.keep(kept);
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
