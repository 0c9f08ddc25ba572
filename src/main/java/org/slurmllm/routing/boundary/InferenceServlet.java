package org.slurmllm.routing.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import org.slurmllm.access.control.AccessDenied;
import org.slurmllm.access.control.Caller;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.control.UsageLedger;
import org.slurmllm.routing.control.InferenceRequest;
import org.slurmllm.routing.control.Relay;
import org.slurmllm.routing.control.ReplicaDirectory;
import org.slurmllm.routing.control.ReplicaDirectory.ModelInfo;
import org.slurmllm.routing.control.RequestMeter;

/**
 * OpenAI's {@code POST /v1/chat/completions} and {@code POST /v1/completions}. A servlet rather
 * than a JAX-RS resource because the answer is relayed as it arrives: asynchronous, no thread waits
 * for a model server, and a stream is passed on event by event, never buffered. It only checks what
 * the gateway must know and hands the request to {@link Relay}; the model server answers everything
 * else, in OpenAI's format.
 */
@WebServlet(
    urlPatterns = {"/v1/chat/completions", "/v1/completions"},
    asyncSupported = true)
public class InferenceServlet extends HttpServlet {

  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  @Inject ReplicaDirectory directory;
  @Inject Relay relay;
  @Inject UsageLedger ledger;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Principal caller = (Principal) request.getAttribute(Caller.ATTRIBUTE);
    if (caller.role() == Role.AUDITOR) {
      Relay.error(
          response, 403, new AccessDenied(caller.role().value()).getMessage(), null, "forbidden");
      return;
    }
    boolean chat = request.getServletPath().endsWith("/chat/completions");
    byte[] body = read(request);
    if (body == null) {
      Relay.error(
          response,
          413,
          "Request body larger than " + MAX_BODY_BYTES + " bytes.",
          null,
          "request_too_large");
      return;
    }
    InferenceRequest inference;
    try {
      inference = InferenceRequest.parse(body, chat);
    } catch (InferenceRequest.Invalid e) {
      Relay.error(
          response,
          400,
          e.getMessage(),
          e.param(),
          e.param() == null ? "invalid_json" : "invalid_value");
      return;
    }
    ModelInfo model =
        directory.model(inference.model()).filter(m -> m.usableBy(caller)).orElse(null);
    if (model == null) {
      Relay.error(
          response,
          404,
          "The model '" + inference.model() + "' does not exist.",
          "model",
          "model_not_found");
      return;
    }
    if (inference.certainlyExceeds(model.contextLength())) {
      Relay.error(
          response,
          400,
          "This model's maximum context length is "
              + model.contextLength()
              + " tokens; the prompt is longer.",
          chat ? "messages" : "prompt",
          "context_length_exceeded");
      return;
    }
    if (inference.asksMoreThan(model.contextLength())) {
      Relay.error(
          response,
          400,
          "max_tokens: "
              + inference.maxTokens()
              + " is more than this model's maximum context length of "
              + model.contextLength()
              + " tokens.",
          "max_tokens",
          "context_length_exceeded");
      return;
    }
    RequestMeter meter = new RequestMeter(ledger, caller, chat, inference, body);
    if (inference.stream() && !inference.usageRequested()) {
      body = InferenceRequest.withUsageReported(body);
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // the relay ends it; its own deadlines apply
    relay.forward(
        async,
        chat ? "/v1/chat/completions" : "/v1/completions",
        body,
        inference,
        meter,
        new HashSet<>(),
        0);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Allow", "POST");
    Relay.error(response, 405, "Use POST.", null, "method_not_allowed");
  }

  private static byte[] read(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      return null;
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }
}
