package org.slurmllm.worker;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a tiny Llama-architecture model in GGUF v3 (seeded random weights, a vocabulary of
 * letters, a few punctuation marks and some whole words, and no byte tokens). llama.cpp loads it
 * and generates gibberish made of its words, but aborts the process on any other character: the
 * model the worker's input checks are tested with. The special tokens' output rows are zero, so
 * greedy decoding never ends early or writes nothing.
 */
final class TinyGguf {

  static final int EMBEDDING = 32;
  static final int HEADS = 4;
  static final int FEED_FORWARD = 64;
  static final int LAYERS = 2;
  static final int CONTEXT = 512;
  static final String[] WORDS = {
    "once", "upon", "a", "time", "there", "was", "little", "girl", "named", "lily", "she", "liked",
    "to", "play", "with", "her", "dog", "in", "the", "park", "sun", "was", "happy", "and", "big"
  };

  private static final int TYPE_UINT32 = 4;
  private static final int TYPE_INT32 = 5;
  private static final int TYPE_FLOAT32 = 6;
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  private static final int GGML_F32 = 0;
  private static final int ALIGNMENT = 32;

  private TinyGguf() {}

  /** Writes the model to {@code file} (if it is not there yet) and answers the file. */
  static Path write(Path file) {
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
        write(out);
      }
      Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> vocabulary() {
    List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>", "\u2581"));
    for (char c = 'a'; c <= 'z'; c++) {
      tokens.add(String.valueOf(c));
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      tokens.add(String.valueOf(c));
    }
    tokens.addAll(List.of(".", ",", "!", "?", "'", ":", "-"));
    for (String w : WORDS) {
      if (!tokens.contains("\u2581" + w)) {
        tokens.add("\u2581" + w);
      }
    }
    return tokens;
  }

  private static void write(OutputStream out) throws IOException {
    List<String> vocab = vocabulary();
    int n = vocab.size();
    Map<String, int[]> tensors = new LinkedHashMap<>();
    tensors.put("token_embd.weight", new int[] {EMBEDDING, n});
    tensors.put("output_norm.weight", new int[] {EMBEDDING});
    tensors.put("output.weight", new int[] {EMBEDDING, n});
    for (int i = 0; i < LAYERS; i++) {
      String b = "blk." + i + ".";
      tensors.put(b + "attn_norm.weight", new int[] {EMBEDDING});
      tensors.put(b + "attn_q.weight", new int[] {EMBEDDING, EMBEDDING});
      tensors.put(b + "attn_k.weight", new int[] {EMBEDDING, EMBEDDING});
      tensors.put(b + "attn_v.weight", new int[] {EMBEDDING, EMBEDDING});
      tensors.put(b + "attn_output.weight", new int[] {EMBEDDING, EMBEDDING});
      tensors.put(b + "ffn_norm.weight", new int[] {EMBEDDING});
      tensors.put(b + "ffn_gate.weight", new int[] {EMBEDDING, FEED_FORWARD});
      tensors.put(b + "ffn_down.weight", new int[] {FEED_FORWARD, EMBEDDING});
      tensors.put(b + "ffn_up.weight", new int[] {EMBEDDING, FEED_FORWARD});
    }

    Header h = new Header();
    h.u32(0x46554747); // "GGUF"
    h.u32(3);
    h.u64(tensors.size());
    h.u64(17); // metadata entries, below
    h.kvString("general.architecture", "llama");
    h.kvString("general.name", "slurm-llm tiny test model");
    h.kvU32("llama.context_length", CONTEXT);
    h.kvU32("llama.embedding_length", EMBEDDING);
    h.kvU32("llama.block_count", LAYERS);
    h.kvU32("llama.feed_forward_length", FEED_FORWARD);
    h.kvU32("llama.attention.head_count", HEADS);
    h.kvU32("llama.attention.head_count_kv", HEADS);
    h.kvU32("llama.rope.dimension_count", EMBEDDING / HEADS);
    h.kvF32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    h.kvString("tokenizer.ggml.model", "llama");
    h.key("tokenizer.ggml.tokens");
    h.u32(TYPE_ARRAY);
    h.u32(TYPE_STRING);
    h.u64(n);
    vocab.forEach(h::string);
    h.key("tokenizer.ggml.scores");
    h.u32(TYPE_ARRAY);
    h.u32(TYPE_FLOAT32);
    h.u64(n);
    for (String t : vocab) {
      h.f32(-t.length()); // prefer longer tokens (fewer merges)
    }
    h.key("tokenizer.ggml.token_type");
    h.u32(TYPE_ARRAY);
    h.u32(TYPE_INT32);
    h.u64(n);
    for (int i = 0; i < n; i++) {
      h.i32(i == 0 ? 2 : i < 3 ? 3 : 1); // unknown, control, normal
    }
    h.kvU32("tokenizer.ggml.unknown_token_id", 0);
    h.kvU32("tokenizer.ggml.bos_token_id", 1);
    h.kvU32("tokenizer.ggml.eos_token_id", 2);

    long offset = 0;
    for (Map.Entry<String, int[]> t : tensors.entrySet()) {
      h.string(t.getKey());
      h.u32(t.getValue().length);
      for (int d : t.getValue()) {
        h.u64(d);
      }
      h.u32(GGML_F32);
      h.u64(offset);
      offset = align(offset + 4L * elements(t.getValue()));
    }
    h.pad();
    out.write(h.bytes());

    SplittableRandom random = new SplittableRandom(260);
    for (Map.Entry<String, int[]> t : tensors.entrySet()) {
      int count = elements(t.getValue());
      ByteBuffer data = ByteBuffer.allocate((int) align(4L * count)).order(ByteOrder.LITTLE_ENDIAN);
      boolean norm = t.getValue().length == 1;
      for (int i = 0; i < count; i++) {
        float v = norm ? 1f : (float) (random.nextDouble(-1, 1) * 0.5);
        if (t.getKey().equals("output.weight") && i / EMBEDDING < 3) {
          v = 0; // unknown, start and end of text: logit 0 while the others spread around it
        }
        data.putFloat(v);
      }
      out.write(data.array());
    }
  }

  private static int elements(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  private static long align(long n) {
    return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /** GGUF's little-endian header: metadata and tensor descriptions. */
  private static final class Header {
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    void u32(int v) {
      buffer.putInt(v);
    }

    void i32(int v) {
      buffer.putInt(v);
    }

    void u64(long v) {
      buffer.putLong(v);
    }

    void f32(float v) {
      buffer.putFloat(v);
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u64(b.length);
      buffer.put(b);
    }

    void key(String k) {
      string(k);
    }

    void kvString(String k, String v) {
      key(k);
      u32(TYPE_STRING);
      string(v);
    }

    void kvU32(String k, int v) {
      key(k);
      u32(TYPE_UINT32);
      u32(v);
    }

    void kvF32(String k, float v) {
      key(k);
      u32(TYPE_FLOAT32);
      f32(v);
    }

    void pad() {
      while (buffer.position() % ALIGNMENT != 0) {
        buffer.put((byte) 0);
      }
    }

    byte[] bytes() {
      byte[] b = new byte[buffer.position()];
      buffer.flip().get(b);
      return b;
    }
  }
}
