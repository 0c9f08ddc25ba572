package org.slurmllm.worker;

import java.util.List;

/**
 * One generation as the engines see it, whichever OpenAI endpoint it came from: either a plain
 * prompt (completions) or chat messages, plus the sampling settings the engines honour and the
 * shape the answer must have (text, JSON, function calls).
 */
record GenerationRequest(
    String prompt,
    List<Message> messages,
    int maxTokens,
    double temperature,
    double topP,
    List<String> stop,
    Integer seed,
    AnswerShape shape) {

  /** A request for free text (completions, tests). */
  GenerationRequest(
      String prompt,
      List<Message> messages,
      int maxTokens,
      double temperature,
      double topP,
      List<String> stop,
      Integer seed) {
    this(prompt, messages, maxTokens, temperature, topP, stop, seed, AnswerShape.TEXT);
  }

  /** One chat message. */
  record Message(String role, String content) {}

  GenerationRequest withMaxTokens(int max) {
    return new GenerationRequest(prompt, messages, max, temperature, topP, stop, seed, shape);
  }

  boolean isChat() {
    return messages != null;
  }

  /** The text the request is about: the prompt, or the chat messages one per line. */
  String text() {
    if (!isChat()) {
      return prompt;
    }
    StringBuilder text = new StringBuilder();
    for (Message m : messages) {
      text.append(m.role()).append(": ").append(m.content()).append('\n');
    }
    return text.toString();
  }
}
