package org.slurmllm.tribunal.boundary;

import static org.slurmllm.rest.JsonP.JSON;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.catalog.boundary.ModelCatalog;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.catalog.entity.ModelMapping;
import org.slurmllm.catalog.entity.TribunalRecipe;
import org.slurmllm.rest.ApiException;
import org.slurmllm.routing.boundary.ChatTranslator.Refused;
import org.slurmllm.routing.boundary.ComposedModels;
import org.slurmllm.tribunal.control.RecipeRequest;
import org.slurmllm.tribunal.control.TribunalRecords;
import org.slurmllm.tribunal.control.TribunalRunner;
import org.slurmllm.tribunal.control.TribunalSettings;
import org.slurmllm.tribunal.control.TribunalSlots;
import org.slurmllm.tribunal.entity.Tribunal;
import org.slurmllm.tribunal.entity.TribunalRequest;
import org.slurmllm.tribunal.entity.TribunalStep;

/**
 * Tribunal recipes called like models: a chat request to a recipe's name runs a tribunal on the
 * conversation ({@link RecipeRequest}), recorded, limited and charged step by step as one started
 * through {@code /api/tribunals}, its id in {@code X-Tribunal-Id} and as the answer's id; the
 * answer is the verdict, its usage every step's tokens.
 */
@ApplicationScoped
public class TribunalModels implements ComposedModels {

  static final String HEADER = "X-Tribunal-Id";

  @Inject ModelCatalog catalog;
  @Inject TribunalRunner runner;
  @Inject TribunalRecords records;
  @Inject TribunalSettings settings;

  @Resource ManagedExecutorService executor;

  @Override
  public CompletableFuture<Work> start(
      Principal caller, String model, byte[] chatBody, String requestId) {
    return CompletableFuture.supplyAsync(() -> begin(caller, model, chatBody), executor);
  }

  private Work begin(Principal caller, String model, byte[] chatBody) {
    Model m =
        catalog
            .find(model)
            .filter(Model::isTribunal)
            .orElseThrow(
                () ->
                    new Refused(
                        404,
                        "The model '" + model + "' does not exist.",
                        "model",
                        "model_not_found"));
    TribunalRecipe recipe = ModelMapping.toDefinition(m).tribunal();
    JsonObject chat;
    try (var reader = JSON.createReader(new ByteArrayInputStream(chatBody))) {
      chat = reader.readObject();
    }
    TribunalRequest request;
    TribunalSlots.Ticket ticket;
    try {
      request =
          TribunalRequest.of(
              RecipeRequest.of(recipe, chat),
              name ->
                  catalog
                      .find(name)
                      .filter(
                          member -> member.usableBy(caller.tenantName(), caller.seesAllTenants()))
                      .filter(member -> !Model.EMBED.equals(member.task))
                      .isPresent(),
              settings.limits());
      ticket = runner.admit(caller.keyId(), caller.role() == Role.ADMIN);
    } catch (ApiException e) {
      var detail = e.body().error();
      throw new Refused(
          e.status().getStatusCode(), detail.message(), detail.param(), detail.code());
    }
    Tribunal t;
    try {
      t = records.create(request.toJson(), caller.keyId(), caller.tenantId());
    } catch (RuntimeException e) {
      ticket.ended();
      throw e;
    }
    CompletableFuture<Tribunal> ended = runner.start(t.id, request, ticket);
    String id = t.id;
    return new Work() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String header() {
        return HEADER;
      }

      @Override
      public CompletableFuture<String> progress() {
        return CompletableFuture.supplyAsync(() -> progressOf(records.steps(id)), executor);
      }

      private final CompletableFuture<Answer> answer =
          ended.thenApplyAsync(done -> answerOf(done, records.steps(id)), executor);

      @Override
      public CompletableFuture<Answer> answer() {
        return answer;
      }

      @Override
      public void cancel() {
        runner.cancel(id);
      }
    };
  }

  /** "round 1: 3 answers, 1 verdict": what a stream's keep-alive comment says. */
  static String progressOf(List<TribunalStep> steps) {
    int round = steps.stream().mapToInt(s -> s.round).max().orElse(1);
    long answers = steps.stream().filter(s -> s.round == round && !"judge".equals(s.role)).count();
    long verdicts = steps.stream().filter(s -> s.round == round && "judge".equals(s.role)).count();
    return "round " + round + ": " + answers + " answers, " + verdicts + " verdicts";
  }

  static Answer answerOf(Tribunal t, List<TribunalStep> steps) {
    if (!"completed".equals(t.status) || t.verdictText == null) {
      throw new Refused(
          502,
          "The tribunal "
              + t.id
              + " ended "
              + t.status
              + (t.error == null ? "" : ": " + t.error)
              + " (GET /api/tribunals/"
              + t.id
              + " has its transcript).",
          null,
          "tribunal_" + t.status);
    }
    long prompt = steps.stream().mapToLong(s -> s.promptTokens == null ? 0 : s.promptTokens).sum();
    long completion =
        steps.stream().mapToLong(s -> s.completionTokens == null ? 0 : s.completionTokens).sum();
    return new Answer(t.verdictText, prompt, completion, "stop");
  }
}
