package org.slurmllm.worker;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A GGUF model run in-process by llama.cpp (through java-llama.cpp). One generation at a time: on a
 * CPU, parallel sequences only share the same cores, and one thread per generation was the fastest
 * measured setting. Chat requests use the model's chat template when its vocabulary can express it
 * ({@link GgufVocabulary#chatTemplateUsable}), otherwise a plain "role: content" transcript. Text
 * llama.cpp would abort on is refused before it gets there.
 */
final class LlamaCppEngine implements Engine {

  private final LlamaModel model;
  private final GgufVocabulary vocabulary;
  private final int contextLength;
  private final ReentrantLock oneAtATime = new ReentrantLock(true);

  LlamaCppEngine(String weights, int threads, int contextLength) {
    this.contextLength = contextLength;
    this.vocabulary = GgufVocabulary.read(java.nio.file.Path.of(weights));
    this.model = new LlamaModel(parameters(weights, threads, contextLength));
  }

  /**
   * How the worker loads a GGUF (generating or embedding): one sequence, llama.cpp's own log
   * silenced (it would print prompts into the job's log).
   */
  static ModelParameters parameters(String weights, int threads, int contextLength) {
    LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {});
    return new ModelParameters()
        .setModel(weights)
        .setThreads(threads)
        .setCtxSize(contextLength)
        .setParallel(1);
  }

  /** Sequences waiting for the model (vLLM's num_requests_waiting). */
  int waiting() {
    return oneAtATime.getQueueLength();
  }

  int running() {
    return oneAtATime.isLocked() ? 1 : 0;
  }

  @Override
  public Result generate(GenerationRequest request, Consumer<String> onToken) {
    String prompt = prompt(request);
    int promptTokens = countTokens(prompt);
    int room = contextLength - promptTokens;
    if (room <= 0) {
      throw new EngineException(
          "prompt of " + promptTokens + " tokens fills the context of " + contextLength);
    }
    InferenceParameters params =
        new InferenceParameters(prompt)
            .setNPredict(Math.min(request.maxTokens(), room))
            .setTemperature((float) request.temperature())
            .setTopP((float) request.topP())
            .setCachePrompt(false);
    if (request.seed() != null) {
      params.setSeed(request.seed());
    }
    if (!request.stop().isEmpty()) {
      params.setStopStrings(request.stop().toArray(String[]::new));
    }
    String grammar = grammar(request.withMaxTokens(Math.min(request.maxTokens(), room)));
    if (grammar != null) {
      params.setGrammar(grammar);
    }
    oneAtATime.lock();
    try {
      StringBuilder text = new StringBuilder();
      int tokens = 0;
      LlamaIterator outputs = model.generate(params).iterator();
      while (outputs.hasNext()) {
        LlamaOutput output = outputs.next();
        if (output.text.isEmpty()) {
          continue;
        }
        text.append(output.text);
        tokens++;
        onToken.accept(output.text);
      }
      String finish = tokens >= Math.min(request.maxTokens(), room) ? "length" : "stop";
      return new Result(text.toString(), promptTokens, tokens, finish);
    } catch (RuntimeException e) {
      throw new EngineException("llama.cpp failed: " + e.getMessage());
    } finally {
      oneAtATime.unlock();
    }
  }

  /**
   * The grammar that holds the answer to its shape, or null for free text: JSON of the schema
   * (bounded to fit {@code max_tokens}), or the calls of the functions the answer must call.
   */
  static String grammar(GenerationRequest request) {
    JsonObject schema;
    if (request.shape() instanceof AnswerShape.Json json) {
      schema = json.schema() == null ? ANY_OBJECT : json.schema();
    } else if (request.shape() instanceof AnswerShape.Tools tools && tools.forced()) {
      schema = CallSchemas.calls(tools.callable(), 1);
      if (tools.parallel()) {
        // as many calls as fit, each with a few characters for each of its strings
        int[] one = JsonSchemas.cost(schema, schema, 0);
        int most = request.maxTokens() / Math.max(1, one[1] + 8 * one[0]);
        schema = CallSchemas.calls(tools.callable(), Math.max(1, Math.min(PARALLEL_CALLS, most)));
      }
    } else {
      return null;
    }
    String grammar;
    try {
      grammar =
          LlamaModel.jsonSchemaToGrammar(
              JsonSchemas.bounded(schema, request.maxTokens()).toString());
    } catch (RuntimeException e) {
      throw new InvalidInput(
          request.shape() instanceof AnswerShape.Json ? "response_format" : "tools",
          "unsupported_value",
          "the schema cannot be made a grammar for llama.cpp: " + e.getMessage());
    }
    // JSON's free whitespace, up to 22 characters a gap, is room a small model fills instead of
    // closing its answer: one space at most
    return grammar
        .replaceAll("(?m)^space ::= .*$", "space ::= \" \"?")
        .replace("char*", "char{0," + Math.max(1, request.maxTokens() / 4) + "}");
  }

  /** A json_object answer: any object. */
  private static final JsonObject ANY_OBJECT =
      JsonP.JSON.createObjectBuilder().add("type", "object").build();

  /** Most calls one answer may make when parallel calls are allowed. */
  static final int PARALLEL_CALLS = 4;

  /** A grammar that cannot be made is a 400 before the request waits for the model. */
  @Override
  public GenerationRequest fitted(GenerationRequest request) {
    GenerationRequest fitted = Engine.super.fitted(request);
    grammar(fitted);
    return fitted;
  }

  private String prompt(GenerationRequest request) {
    if (!request.isChat()) {
      return request.prompt();
    }
    if (request.shape() instanceof AnswerShape.Tools tools) {
      request = withToolsDescribed(request, tools);
    }
    if (!vocabulary.chatTemplateUsable()) {
      return transcript(request);
    }
    String system = null;
    List<Pair<String, String>> turns = new ArrayList<>();
    for (GenerationRequest.Message m : request.messages()) {
      if (m.role().equals("system") && system == null) {
        system = m.content();
      } else {
        turns.add(new Pair<>(m.role(), m.content()));
      }
    }
    try {
      String templated =
          model.applyTemplate(new InferenceParameters("").setMessages(system, turns));
      if (templated != null && !templated.isBlank()) {
        return templated;
      }
    } catch (RuntimeException e) {
      // no usable template in the GGUF file: fall back to a plain transcript
    }
    return transcript(request);
  }

  /**
   * The functions, told to the model in a system message (first, or added to the first), with how
   * to call one: a model without tools in its template still learns what it may call.
   */
  static GenerationRequest withToolsDescribed(GenerationRequest request, AnswerShape.Tools tools) {
    StringBuilder told = new StringBuilder("You may call these functions:\n");
    for (AnswerShape.Function f : tools.callable()) {
      told.append("- ")
          .append(f.name())
          .append(": ")
          .append(f.description())
          .append(" Arguments: ")
          .append(f.parameters())
          .append('\n');
    }
    told.append("To call one, answer ")
        .append(AnswerShape.CALL_MARK)
        .append("{\"name\": ..., \"arguments\": {...}}</tool_call>");
    List<GenerationRequest.Message> messages = new ArrayList<>(request.messages());
    if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
      messages.set(
          0, new GenerationRequest.Message("system", messages.get(0).content() + "\n\n" + told));
    } else {
      messages.add(0, new GenerationRequest.Message("system", told.toString()));
    }
    return new GenerationRequest(
        null,
        messages,
        request.maxTokens(),
        request.temperature(),
        request.topP(),
        request.stop(),
        request.seed(),
        request.shape());
  }

  /** "role: content" a line each, then the assistant's turn to speak. */
  private static String transcript(GenerationRequest request) {
    return request.text() + "assistant:";
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  @Override
  public int countTokens(String text) {
    String refusal = vocabulary.refusal(text);
    if (refusal != null) {
      throw new InvalidInput(null, "unsupported_characters", refusal);
    }
    return text == null || text.isEmpty() ? 0 : model.encode(text).length;
  }

  @Override
  public void close() {
    model.close();
  }
}
