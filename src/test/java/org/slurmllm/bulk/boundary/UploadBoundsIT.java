package org.slurmllm.bulk.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * One tenant cannot fill the server's heap or disk through {@code POST /v1/files}: a 300 MB form
 * field is refused after its first bytes, four at once, while chat is answered; a chunked file over
 * the limit is cut with 413 and leaves nothing behind. The bodies are generated as they are sent:
 * the test's own heap is small too.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class UploadBoundsIT {

  static final long HUGE = 300L * 1024 * 1024;
  static final String BOUNDARY = "----slurmllm-bounds";
  static final URI FILES =
      URI.create("http://127.0.0.1:" + System.getProperty("it.http.port", "8180") + "/v1/files");
  static final Path SHARED_FILES =
      Path.of(System.getProperty("it.shared.dir", "target/shared"), "files");
  static final Path SERVER_LOG =
      Path.of(System.getProperty("it.server.base", "target/it-server"), "log", "server.log");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code count} bytes of {@code fill}, made as they are read. */
  static InputStream generated(long count, byte fill) {
    return new InputStream() {
      long left = count;

      @Override
      public int read() {
        return left-- > 0 ? fill : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, fill);
        left -= n;
        return n;
      }
    };
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static String head(String name, String filename) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\""
        + (filename == null ? "" : "; filename=\"" + filename + "\"")
        + "\r\n\r\n";
  }

  /** A form: the purpose, then a file of {@code fileBytes} bytes. */
  static InputStream form(InputStream purpose, long fileBytes) {
    List<InputStream> parts =
        List.of(
            text(head("purpose", null)),
            purpose,
            text("\r\n" + head("file", "in.jsonl")),
            generated(fileBytes, (byte) 'x'),
            text("\r\n--" + BOUNDARY + "--\r\n"));
    return new SequenceInputStream(java.util.Collections.enumeration(parts));
  }

  /** Posts the form, sent chunked (no length: the body is counted only as it arrives). */
  CompletableFuture<HttpResponse<String>> postChunked(InputStream body) {
    return http.sendAsync(
        HttpRequest.newBuilder(FILES)
            .timeout(Duration.ofSeconds(240))
            .header("Authorization", "Bearer " + Api.adminKey())
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(BodyPublishers.ofInputStream(() -> body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject errorOf(HttpResponse<String> r) {
    return Json.createReader(new StringReader(r.body())).readObject().getJsonObject("error");
  }

  static long outOfMemoryErrors() throws IOException {
    if (!Files.exists(SERVER_LOG)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(SERVER_LOG, StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.contains("OutOfMemoryError")).count();
    }
  }

  static Set<String> storedFiles() throws IOException {
    if (!Files.isDirectory(SHARED_FILES)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(SHARED_FILES)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  int chat(String model) {
    return api.post(
            "/v1/chat/completions",
            """
            {"model":"%s","messages":[{"role":"user","content":"echo: hi"}],"max_tokens":4}"""
                .formatted(model))
        .status();
  }

  @Test
  void fourUploadsWithA300MegabyteFieldAtOnceAre400AndChatIsAnsweredMeanwhile() throws Exception {
    String model = Models.serving(api, "uplb", "instant", 8);
    Eventually.await(
        "the model answers", Duration.ofSeconds(120), () -> chat(model), s -> s == 200);
    long oomBefore = outOfMemoryErrors();

    List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      uploads.add(postChunked(form(generated(HUGE, (byte) 'a'), 0)));
    }
    List<Integer> chats = new ArrayList<>();
    while (!uploads.stream().allMatch(CompletableFuture::isDone) && chats.size() < 20) {
      chats.add(chat(model));
    }
    for (CompletableFuture<HttpResponse<String>> upload : uploads) {
      HttpResponse<String> r = upload.get();
      assertEquals(400, r.statusCode(), r::body);
      assertEquals("purpose", errorOf(r).getString("param"), r.body());
      assertTrue(errorOf(r).getString("message").contains("256"), r.body());
    }
    assertTrue(!chats.isEmpty() && chats.stream().allMatch(s -> s == 200), "chat: " + chats);
    assertEquals(oomBefore, outOfMemoryErrors(), "OutOfMemoryError in " + SERVER_LOG);
    assertEquals(200, chat(model), "the server serves on");
  }

  @Test
  void aChunkedUploadOverTheFileLimitIs413AndLeavesNothingOnDisk() throws Exception {
    Set<String> before = storedFiles();
    // the test server's file limit is 16 MB
    HttpResponse<String> r = postChunked(form(text("batch"), 17L * 1024 * 1024)).get();
    assertEquals(413, r.statusCode(), r::body);
    assertEquals("file_too_large", errorOf(r).getString("code"), r.body());
    Set<String> left = new java.util.HashSet<>(storedFiles());
    left.removeAll(before);
    assertEquals(Set.of(), left, "nothing of the refused upload is left in " + SHARED_FILES);

    HttpResponse<String> small = postChunked(form(text(""), 0)).get();
    assertEquals(400, small.statusCode(), "an empty purpose: " + small.body());
    assertEquals("purpose", errorOf(small).getString("param"));
  }

  @Test
  void theFileMayComeBeforeThePurposeAsTheNodeSdkSendsIt() throws Exception {
    String body =
        head("file", "first.jsonl")
            + "{\"custom_id\":\"a\"}\n\r\n"
            + head("purpose", null)
            + "batch\r\n--"
            + BOUNDARY
            + "--\r\n";
    HttpResponse<String> r = postChunked(text(body)).get();
    assertEquals(200, r.statusCode(), r::body);
    JsonObject file = Json.createReader(new StringReader(r.body())).readObject();
    assertEquals("first.jsonl", file.getString("filename"));
    assertEquals(18, file.getInt("bytes"));
    assertEquals(200, api.delete("/v1/files/" + file.getString("id")).status());
  }
}
