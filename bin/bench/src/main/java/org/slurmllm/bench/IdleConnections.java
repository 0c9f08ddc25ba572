package org.slurmllm.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N keep-alive connections to the gateway, sends one request on each (a chat completion),
 * reads its answer and keeps the connection open and idle; prints when all are held, waits for
 * Enter (or HOLD_SECONDS), then closes them. The caller measures the gateway meanwhile.
 *
 * <p>bin/bench/run IdleConnections HOST PORT MODEL N
 */
public class IdleConnections {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String model = args[2];
    int n = Integer.parseInt(args[3]);
    String key = System.getenv().getOrDefault("SLURMLLM_ADMIN_KEY", "");
    byte[] body =
        ("{\"model\":\""
                + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: "
                + host
                + "\r\nAuthorization: Bearer "
                + key
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    List<Socket> held = new ArrayList<>();
    int failed = 0;
    byte[] buffer = new byte[8192];
    for (int i = 0; i < n; i++) {
      try {
        Socket s = new Socket(host, port);
        OutputStream out = s.getOutputStream();
        out.write(head);
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String answer = "";
        while (!answer.contains("\"usage\"")) {
          int r = in.read(buffer);
          if (r < 0) {
            throw new java.io.IOException("closed");
          }
          answer += new String(buffer, 0, r, StandardCharsets.UTF_8);
        }
        if (!answer.startsWith("HTTP/1.1 200")) {
          throw new java.io.IOException(answer.lines().findFirst().orElse(""));
        }
        held.add(s);
      } catch (Exception e) {
        failed++;
        if (failed < 5) {
          System.err.println("connection " + i + ": " + e);
        }
      }
    }
    System.out.println("held " + held.size() + " idle connections, " + failed + " failed");
    System.out.flush();
    long hold = Long.parseLong(System.getenv().getOrDefault("HOLD_SECONDS", "30"));
    Thread.sleep(hold * 1000);
    int alive = 0;
    for (Socket s : held) {
      // still open: the gateway did not drop it (an idle connection is never written to)
      if (!s.isClosed()) {
        alive++;
      }
      s.close();
    }
    System.out.println("closed " + alive);
  }
}
