package org.slurmllm.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A model server without a model, like llm-d-inference-sim: it answers with words drawn from a seed
 * of the prompt, timed by a latency profile, and fails on purpose when told to (an error rate, or a
 * crash after N requests), for load tests and fault-tolerance tests.
 *
 * <p>A request whose last message starts with "echo:" gets the rest of it back as the answer, so
 * tests can decide what a simulated model says.
 */
final class SimEngine implements Engine {

  private static final String[] WORDS =
      ("the a model cluster answer token job node story light river quiet bright small large"
              + " runs waits reads writes finds keeps gives takes swift calm green blue under over"
              + " and then with into from")
          .split(" ");

  private final int modelSalt;
  private final LatencyProfile profile;
  private final Faults faults;
  private final int contextLength;
  private final Semaphore sequences;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final Random failures = new Random();

  SimEngine(LatencyProfile profile, Faults faults, int contextLength) {
    this(profile, faults, contextLength, "");
  }

  /**
   * A simulated model named {@code model}: its name is part of every answer's seed, so two
   * simulated models asked the same question answer differently, as two real ones would (a panel of
   * them would otherwise always agree).
   */
  SimEngine(LatencyProfile profile, Faults faults, int contextLength, String model) {
    this.modelSalt = model.hashCode();
    this.profile = profile;
    this.faults = faults;
    this.contextLength = contextLength;
    this.sequences = new Semaphore(profile.maxSequences(), true);
  }

  /** Sequences waiting for a slot (vLLM's num_requests_waiting). */
  int waiting() {
    return sequences.getQueueLength();
  }

  int running() {
    return running.get();
  }

  @Override
  public Result generate(GenerationRequest request, Consumer<String> onToken) {
    long number = served.incrementAndGet();
    boolean crashing = faults.crashesAt(number);
    boolean stalling = faults.stallsAt(number);
    if (faults.errorRate() > 0 && failures.nextDouble() < faults.errorRate()) {
      throw new EngineException("simulated engine failure (error rate " + faults.errorRate() + ")");
    }
    sequences.acquireUninterruptibly();
    running.incrementAndGet();
    try {
      List<String> pieces = answer(request);
      sleepMillis(profile.firstTokenMillis());
      StringBuilder text = new StringBuilder();
      int produced = 0;
      String finish = "length";
      for (String piece : pieces) {
        if (produced > 0) {
          sleepMillis(profile.perTokenMillis(running.get()));
        }
        String stop = firstStop(text + piece, request.stop());
        if (stop != null) {
          finish = "stop";
          break;
        }
        text.append(piece);
        onToken.accept(piece);
        produced++;
        if (stalling) {
          // alive but silent: what a replica stuck in a kernel or a lost GPU looks like
          for (int second = 0; second < 3600; second++) {
            sleepMillis(1000);
          }
        }
        if (crashing && produced >= (pieces.size() + 1) / 2) {
          // a crash halfway through the answer, not an error answer: the process ends as a real
          // server's would, after a stream has begun and before a whole answer was sent
          Runtime.getRuntime().halt(3);
        }
      }
      if (produced == pieces.size() && produced < request.maxTokens()) {
        finish = "stop";
      }
      return new Result(text.toString(), countTokens(request.text()), produced, finish);
    } finally {
      running.decrementAndGet();
      sequences.release();
    }
  }

  /** The answer's pieces (one per token): an echo, or words seeded by the prompt. */
  List<String> answer(GenerationRequest request) {
    List<String> pieces = new ArrayList<>();
    String last =
        request.isChat() && !request.messages().isEmpty()
            ? request.messages().get(request.messages().size() - 1).content()
            : request.prompt();
    if (last != null && last.contains(VERDICT_REQUEST)) {
      // a judge's request (slurm-llm's tribunal): a verdict in the asked-for JSON, its scores a
      // function of each answer's text, so that a test knows them in advance
      for (String word : verdict(last).split("(?<= )")) {
        if (pieces.size() < request.maxTokens()) { // cut short like any answer: then unreadable
          pieces.add(word);
        }
      }
      return pieces;
    }
    List<String> shaped = shaped(request, last, seedOf(request));
    if (shaped != null) {
      return shaped;
    }
    if (last != null && last.startsWith("echo:")) {
      String[] words = last.substring(5).strip().split("(?<=\\s)");
      for (int i = 0; i < words.length && i < request.maxTokens(); i++) {
        pieces.add(words[i]);
      }
      return pieces;
    }
    Random random = new Random(seedOf(request));
    for (int i = 0; i < request.maxTokens(); i++) {
      pieces.add((i == 0 ? "" : " ") + WORDS[random.nextInt(WORDS.length)]);
    }
    return pieces;
  }

  /**
   * The answer of a request that asks for a shape: JSON of its schema, a call of one of its
   * functions, or, after a tool's result, a sentence that repeats it. Null for free text.
   */
  private static List<String> shaped(GenerationRequest request, String last, long seed) {
    String text;
    if (request.shape() instanceof AnswerShape.Json json) {
      text =
          json.schema() == null
              ? "{\"answer\": \"" + WORDS[Math.floorMod(seed, WORDS.length)] + "\"}"
              : SchemaSample.of(json.schema(), seed).toString();
    } else if (request.shape() instanceof AnswerShape.Tools tools && !answersTool(request, tools)) {
      AnswerShape.Function f = chosen(tools, last);
      String call =
          JsonP.JSON
              .createObjectBuilder()
              .add("name", f.name())
              .add("arguments", SchemaSample.of(f.parameters(), seed))
              .build()
              .toString();
      text = tools.forced() ? call : AnswerShape.CALL_MARK + call + "</tool_call>";
    } else if (lastRole(request).equals("tool")) {
      text = "The tool answered: " + last;
    } else {
      return null;
    }
    List<String> pieces = new ArrayList<>();
    for (String piece : text.split("(?<=[ ,:{}\\[\\]])")) {
      if (pieces.size() < request.maxTokens()) {
        pieces.add(piece);
      }
    }
    return pieces;
  }

  /** With tools it may choose, the simulated model answers in words once a tool has answered. */
  private static boolean answersTool(GenerationRequest request, AnswerShape.Tools tools) {
    return !tools.forced() && lastRole(request).equals("tool");
  }

  private static String lastRole(GenerationRequest request) {
    return request.isChat() ? request.messages().get(request.messages().size() - 1).role() : "";
  }

  /** The named function, else the first whose name the last message mentions, else the first. */
  private static AnswerShape.Function chosen(AnswerShape.Tools tools, String last) {
    List<AnswerShape.Function> callable = tools.callable();
    for (AnswerShape.Function f : callable) {
      if (last != null && last.contains(f.name())) {
        return f;
      }
    }
    return callable.get(0);
  }

  /** The same request to the same model, the same answer; another model, another one. */
  private long seedOf(GenerationRequest request) {
    return (request.text().hashCode() * 31L + modelSalt) * 31L
        + (request.seed() == null ? 0 : request.seed());
  }

  /** The simulator makes values of schemas; a pattern it cannot make is refused. */
  @Override
  public GenerationRequest fitted(GenerationRequest request) {
    String pattern = null;
    if (request.shape() instanceof AnswerShape.Json json && json.schema() != null) {
      pattern = JsonSchemas.find(json.schema(), "pattern", "response_format.json_schema.schema");
    } else if (request.shape() instanceof AnswerShape.Tools tools) {
      for (AnswerShape.Function f : tools.functions()) {
        pattern = pattern != null ? pattern : JsonSchemas.find(f.parameters(), "pattern", f.name());
      }
    }
    if (pattern != null) {
      throw new InvalidInput(
          pattern, "unsupported_value", pattern + ": the sim engine cannot enforce patterns");
    }
    return Engine.super.fitted(request);
  }

  /** What a judge request (slurm-llm's tribunal) ends with; see {@link #verdict}. */
  static final String VERDICT_REQUEST = "Reply with only this JSON: {\"scores\"";

  private static final java.util.regex.Pattern ANSWER =
      java.util.regex.Pattern.compile("(?s)Answer (\\d+):\n(.*?)\n\n(?=Answer \\d+:|Reply with)");

  /**
   * The verdict a sim judge gives: for every "Answer N:" of the request, a score from 1 to 9 that
   * depends only on the answer's text ({@link #simScore}), and a short critique.
   */
  static String verdict(String request) {
    StringBuilder json = new StringBuilder("{\"scores\": [");
    java.util.regex.Matcher m = ANSWER.matcher(request);
    boolean first = true;
    while (m.find()) {
      if (!first) {
        json.append(", ");
      }
      first = false;
      int score = simScore(m.group(2).strip());
      json.append("{\"answer\": ")
          .append(m.group(1))
          .append(", \"score\": ")
          .append(score)
          .append(", \"critique\": \"sim verdict ")
          .append(score)
          .append(" of 10\"}");
    }
    return json.append("]}").toString();
  }

  /** A score from 1 to 9, the same for the same text wherever it is judged. */
  static int simScore(String answer) {
    return Math.floorMod(answer.hashCode(), 9) + 1;
  }

  private static String firstStop(String text, List<String> stops) {
    for (String stop : stops) {
      if (!stop.isEmpty() && text.contains(stop)) {
        return stop;
      }
    }
    return null;
  }

  /** Sleeps without a thread per token being woken early; sub-millisecond precision. */
  private static void sleepMillis(double millis) {
    if (millis > 0) {
      LockSupport.parkNanos((long) (millis * 1_000_000));
    }
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  @Override
  public int countTokens(String text) {
    // about four characters a token, as OpenAI's rule of thumb for English
    return text == null || text.isEmpty() ? 0 : Math.max(1, text.length() / 4);
  }
}
