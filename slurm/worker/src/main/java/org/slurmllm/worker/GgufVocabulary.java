package org.slurmllm.worker;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a GGUF file's tokenizer can and cannot take, read from the file's metadata before llama.cpp
 * sees a request. llama.cpp aborts the whole process (an uncaught {@code std::out_of_range}) when
 * its SentencePiece tokenizer meets a character that is neither a token nor spellable with the
 * vocabulary's byte tokens ({@code <0x00>} ... {@code <0xFF>}); checked here, such input is a 400
 * instead of a dead model server. Also tells whether a chat template can be used: the file's own,
 * or llama.cpp's ChatML default only if the vocabulary has ChatML's markers as tokens.
 */
final class GgufVocabulary {

  private static final int MAGIC = 0x46554747; // "GGUF", little-endian
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  private static final int TOKEN_CONTROL = 3;
  private static final int TOKEN_USER_DEFINED = 4;

  /** llama.cpp's SentencePiece tokenizer writes a space as this before it tokenizes. */
  private static final String SPACE = "\u2581";

  private final String tokenizer;
  private final Set<String> tokens;
  private final List<String> special;
  private final boolean hasChatTemplate;
  private final boolean allBytes;

  GgufVocabulary(
      String tokenizer, List<String> tokens, List<Integer> types, boolean hasChatTemplate) {
    this.tokenizer = tokenizer;
    this.tokens = new HashSet<>(tokens);
    this.hasChatTemplate = hasChatTemplate;
    List<String> specials = new ArrayList<>();
    for (int i = 0; i < tokens.size() && i < types.size(); i++) {
      int type = types.get(i);
      if ((type == TOKEN_CONTROL || type == TOKEN_USER_DEFINED) && !tokens.get(i).isEmpty()) {
        specials.add(tokens.get(i));
      }
    }
    // longest first, as llama.cpp matches them
    specials.sort((a, b) -> b.length() - a.length());
    this.special = List.copyOf(specials);
    boolean bytes = true;
    for (int b = 0; b < 256 && bytes; b++) {
      bytes = this.tokens.contains(byteToken(b));
    }
    this.allBytes = bytes;
  }

  /** Reads the vocabulary of a GGUF file (versions 2 and 3), its tensors left unread. */
  static GgufVocabulary read(Path file) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      return read(new LittleEndian(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GGUF file " + file, e);
    }
  }

  private static GgufVocabulary read(LittleEndian in) throws IOException {
    if (in.u32() != MAGIC) {
      throw new IOException("not a GGUF file");
    }
    int version = in.u32();
    if (version < 2) {
      throw new IOException("GGUF version " + version + " is not supported (2 or 3)");
    }
    in.u64(); // tensors
    long entries = in.u64();
    String tokenizer = "";
    List<String> tokens = List.of();
    List<Integer> types = List.of();
    boolean template = false;
    for (long i = 0; i < entries; i++) {
      String key = in.string();
      int type = in.u32();
      switch (key) {
        case "tokenizer.ggml.model" -> tokenizer = (String) in.value(type);
        case "tokenizer.ggml.tokens" -> tokens = in.strings(type);
        case "tokenizer.ggml.token_type" -> types = in.integers(type);
        case "tokenizer.chat_template" -> {
          template = true;
          in.value(type);
        }
        default -> in.value(type);
      }
    }
    return new GgufVocabulary(tokenizer, tokens, types, template);
  }

  /**
   * The first character llama.cpp could not tokenize, or null when it can take the whole text. Only
   * SentencePiece vocabularies ({@code llama}) without all 256 byte tokens can fail; the special
   * tokens in the text are taken whole, as llama.cpp parses them.
   */
  /** Why the text cannot be tokenized (one sentence for a 400), or null when it can. */
  String refusal(String text) {
    String bad = untokenizable(text);
    return bad == null
        ? null
        : "The model's vocabulary cannot express the character U+"
            + String.format("%04X", bad.codePointAt(0))
            + " of the input (it has no token for it and no byte tokens to spell it).";
  }

  String untokenizable(String text) {
    if (allBytes || !"llama".equals(tokenizer) || text == null || text.isEmpty()) {
      return null;
    }
    String plain = text;
    for (String s : special) {
      plain = plain.replace(s, " ");
    }
    for (int i = 0; i < plain.length(); ) {
      int c = plain.codePointAt(i);
      i += Character.charCount(c);
      String piece = c == ' ' ? SPACE : new String(Character.toChars(c));
      if (!tokens.contains(piece) && !spellable(piece)) {
        return new String(Character.toChars(c));
      }
    }
    // llama.cpp puts a space before the text
    return tokens.contains(SPACE) || spellable(SPACE) ? null : " ";
  }

  /** Whether every byte of the piece has a byte token, or (ASCII) a one-character token. */
  private boolean spellable(String piece) {
    for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
      int u = b & 0xff;
      if (!tokens.contains(byteToken(u))
          && !(u < 0x80 && tokens.contains(String.valueOf((char) u)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether chat messages can go through a chat template: the file's own, or llama.cpp's ChatML
   * default when the vocabulary has ChatML's markers (otherwise they would be spelt out as text,
   * and the model would see noise where its turns should be).
   */
  boolean chatTemplateUsable() {
    return hasChatTemplate || (tokens.contains("<|im_start|>") && tokens.contains("<|im_end|>"));
  }

  private static String byteToken(int b) {
    return String.format("<0x%02X>", b);
  }

  /** GGUF's little-endian scalars, strings and arrays. */
  private record LittleEndian(DataInputStream in) {

    int u32() throws IOException {
      return Integer.reverseBytes(in.readInt());
    }

    long u64() throws IOException {
      return Long.reverseBytes(in.readLong());
    }

    String string() throws IOException {
      long length = u64();
      if (length < 0 || length > Integer.MAX_VALUE) {
        throw new IOException("string of " + length + " bytes");
      }
      return new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
    }

    List<String> strings(int type) throws IOException {
      if (type != TYPE_ARRAY || u32() != TYPE_STRING) {
        throw new IOException("tokenizer.ggml.tokens is not an array of strings");
      }
      long n = u64();
      List<String> out = new ArrayList<>((int) Math.min(n, 1 << 20));
      for (long i = 0; i < n; i++) {
        out.add(string());
      }
      return out;
    }

    List<Integer> integers(int type) throws IOException {
      if (type != TYPE_ARRAY) {
        throw new IOException("tokenizer.ggml.token_type is not an array");
      }
      int element = u32();
      long n = u64();
      List<Integer> out = new ArrayList<>((int) Math.min(n, 1 << 20));
      for (long i = 0; i < n; i++) {
        out.add(((Number) value(element)).intValue());
      }
      return out;
    }

    /** Reads one value of the type (arrays are read and dropped). */
    Object value(int type) throws IOException {
      return switch (type) {
        case 0, 1 -> (int) in.readByte();
        case 2, 3 -> (int) Short.reverseBytes(in.readShort());
        case 4, 5 -> u32();
        case 6 -> Float.intBitsToFloat(u32());
        case 7 -> in.readByte() != 0;
        case TYPE_STRING -> string();
        case TYPE_ARRAY -> {
          int element = u32();
          long n = u64();
          for (long i = 0; i < n; i++) {
            value(element);
          }
          yield null;
        }
        case 10, 11 -> u64();
        case 12 -> Double.longBitsToDouble(u64());
        default -> throw new IOException("unknown GGUF value type " + type);
      };
    }
  }
}
