package org.slurmllm.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slurmllm.access.boundary.KeyAllowances;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.access.control.KeyLimits;
import org.slurmllm.access.control.KeyMaterial;
import org.slurmllm.access.entity.ContentPolicy;
import org.slurmllm.access.entity.Principal;
import org.slurmllm.access.entity.QueueRights;
import org.slurmllm.access.entity.Role;
import org.slurmllm.history.boundary.UsageLedger;
import org.slurmllm.history.control.UsageBacklog;
import org.slurmllm.metrics.Meters;
import org.slurmllm.routing.control.GatewayMeters;
import org.slurmllm.routing.control.relay.RequestMeter;
import org.slurmllm.routing.control.request.InferenceRequest;

/**
 * What authentication and accounting add to one request, measured on the application's own classes
 * (no server): the key lookup, expiry and limit check the filter does; the meter a relayed request
 * carries (a non-streamed answer, or a stream of 16 chunks plus its usage chunk), its meters (in
 * the Prometheus registry WildFly uses) and its hand-over to the ledger, which charges the key.
 * Prints the median and 99th percentile per request, in microseconds. Run by
 * bin/bench/access-overhead.
 */
public class AccessOverhead {

  static final int ROUNDS = 200;
  static final int PER_ROUND = 5_000;

  public static void main(String[] args) throws Throwable {
    KeyDirectory directory = new KeyDirectory();
    String open = KeyMaterial.generate();
    String limited = KeyMaterial.generate();
    Map<String, KeyDirectory.Entry> byHash = new HashMap<>();
    for (int i = 0; i < 10_000; i++) { // a directory of realistic size
      String k = KeyMaterial.generate();
      byHash.put(hex(k), entry(i, null, null));
    }
    byHash.put(hex(open), entry(10_001, null, null));
    byHash.put(hex(limited), entry(10_002, 1_000_000_000, 1_000_000_000L));
    set(directory, "byHash", Map.copyOf(byHash));
    Map<Long, KeyLimits> limits = new ConcurrentHashMap<>();
    byHash.values().forEach(e -> limits.put(e.principal().keyId(), e.limits()));
    set(directory, "limits", limits);

    KeyAllowances allowances = new KeyAllowances();
    set(allowances, "keys", directory);
    UsageLedger ledger = new UsageLedger();
    set(ledger, "allowances", allowances);
    Queue<?> pending = (Queue<?>) get(ledger, "pending");
    GatewayMeters meters =
        new GatewayMeters(new Meters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    MethodHandle answer = handle("answer", byte[].class);
    MethodHandle chunk = handle("chunk", String.class);
    MethodHandle end = handle("end", int.class);
    MethodHandle replica = handle("replica", UUID.class);

    byte[] body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],\"max_tokens\":16}"
            .getBytes(StandardCharsets.UTF_8);
    InferenceRequest request = InferenceRequest.parse(body, true);
    byte[] reply =
        ("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hello there, how can I help you today?\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
                + "\"completion_tokens\":16,\"total_tokens\":28}}")
            .getBytes(StandardCharsets.UTF_8);
    String delta =
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\" word\"},\"finish_reason\":null}]}";
    String usage =
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
            + "{\"prompt_tokens\":12,\"completion_tokens\":16,\"total_tokens\":28}}";
    UUID replicaId = UUID.randomUUID();
    Principal caller = directory.find(open).principal();

    Runnable authOpen = () -> check(directory, open);
    Runnable authLimited = () -> check(directory, limited);
    Runnable plain =
        () -> {
          try {
            RequestMeter m = meter(ledger, meters, caller, request, body);
            replica.invoke(m, replicaId);
            answer.invoke(m, reply);
            end.invoke(m, 200);
          } catch (Throwable t) {
            throw new IllegalStateException(t);
          }
        };
    Runnable streamed =
        () -> {
          try {
            RequestMeter m = meter(ledger, meters, caller, request, body);
            replica.invoke(m, replicaId);
            for (int i = 0; i < 16; i++) {
              chunk.invoke(m, delta);
            }
            chunk.invoke(m, usage);
            end.invoke(m, 200);
          } catch (Throwable t) {
            throw new IllegalStateException(t);
          }
        };
    Runnable drain =
        () -> {
          try {
            pending.clear();
            set(
                ledger,
                "backlog",
                new UsageBacklog(UsageBacklog.defaultMaxBytes(), 1 << 20, w -> {}));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };

    System.out.printf("%-58s %10s %10s%n", "per request", "p50 us", "p99 us");
    report("authentication: key without limits", authOpen, drain);
    report("authentication: key with requests+tokens/min and budget", authLimited, drain);
    report("accounting: non-streamed answer (usage read, queued)", plain, drain);
    report("accounting: stream of 16 chunks + usage chunk", streamed, drain);
  }

  static RequestMeter meter(
      UsageLedger ledger,
      GatewayMeters meters,
      Principal caller,
      InferenceRequest request,
      byte[] body) {
    return new RequestMeter(
        ledger, meters, caller, InferenceRequest.Kind.CHAT, request, body, "bench", () -> {});
  }

  static void check(KeyDirectory directory, String key) {
    KeyDirectory.Entry e = directory.find(key);
    if (e == null
        || e.expired(java.time.Instant.now())
        || e.limits().admit(System.nanoTime()) != null) {
      throw new IllegalStateException("refused");
    }
  }

  static void report(String what, Runnable op, Runnable drain) {
    for (int i = 0; i < 20 * PER_ROUND; i++) { // warm-up: JIT
      op.run();
      if (i % PER_ROUND == 0) {
        drain.run();
      }
    }
    double[] perOp = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      drain.run();
      long start = System.nanoTime();
      for (int i = 0; i < PER_ROUND; i++) {
        op.run();
      }
      perOp[r] = (System.nanoTime() - start) / 1000.0 / PER_ROUND;
    }
    Arrays.sort(perOp);
    System.out.printf(
        "%-58s %10.2f %10.2f%n", what, perOp[ROUNDS / 2], perOp[(int) (ROUNDS * 0.99)]);
  }

  static KeyDirectory.Entry entry(long id, Integer perMinute, Long budget) {
    return new KeyDirectory.Entry(
        new Principal(
            id, "bench", "sk-bench", Role.USER, 1L, "t", ContentPolicy.NONE, QueueRights.STANDARD),
        null,
        new KeyLimits(
            new KeyLimits.Settings(perMinute, perMinute, budget, null), 0, System.nanoTime()));
  }

  static String hex(String key) {
    return java.util.HexFormat.of().formatHex(KeyMaterial.hash(key));
  }

  static MethodHandle handle(String name, Class<?> parameter) throws Exception {
    Method m = RequestMeter.class.getDeclaredMethod(name, parameter);
    m.setAccessible(true);
    return MethodHandles.lookup().unreflect(m);
  }

  static void set(Object target, String name, Object value) throws Exception {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    f.set(target, value);
  }

  static Object get(Object target, String name) throws Exception {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }
}
