package org.slurmllm.worker;

import static org.slurmllm.worker.JsonP.JSON;

import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads function calls out of a model's text as it is generated: each JSON object {@code {"name":
 * ..., "arguments": ...}} is a call, whatever stands between them (an array's brackets, commas, the
 * {@code <tool_call>} mark). A call's start is told once its name is read, then its arguments piece
 * by piece as they come, so a client sees them streamed as OpenAI streams them. Arguments written
 * as a JSON string (some models do) are told once, decoded.
 */
final class ToolCallScanner {

  /** What the scanner tells as it reads. */
  interface Listener {
    void started(int index, String name);

    void arguments(int index, String piece);
  }

  /** A call read so far: its name (null until read) and its arguments' text. */
  record Call(String name, String arguments) {}

  private final Listener listener;
  private final List<Call> calls = new ArrayList<>();

  // where the scanner is
  private int depth; // 0: between calls; 1: in a call object; more: inside one of its values
  private boolean inString;
  private boolean escaped;
  private final StringBuilder string = new StringBuilder(); // a string at depth 1, raw
  private boolean stringIsValue;
  private String lastKey;
  private String valueKey; // the key whose value is being read at depth 1, or null

  // the call being read
  private String name;
  private final StringBuilder arguments = new StringBuilder();
  private final StringBuilder unsent = new StringBuilder();
  private boolean inArguments;
  private boolean argumentsNested; // the value is an object or array (else a primitive)
  private boolean argumentsString; // the value is a JSON string (decoded at its end)

  ToolCallScanner(Listener listener) {
    this.listener = listener;
  }

  /** The whole text's calls, without listening. */
  static List<Call> scan(String text) {
    ToolCallScanner scanner =
        new ToolCallScanner(
            new Listener() {
              @Override
              public void started(int index, String name) {}

              @Override
              public void arguments(int index, String piece) {}
            });
    scanner.feed(text);
    return scanner.calls();
  }

  /** Calls read so far, the last one perhaps unfinished. */
  List<Call> calls() {
    List<Call> all = new ArrayList<>(calls);
    if (depth > 0) {
      all.add(new Call(name, arguments.toString()));
    }
    return all;
  }

  /** Whether at least one call was begun. */
  boolean any() {
    return !calls.isEmpty() || depth > 0;
  }

  void feed(String text) {
    for (int i = 0; i < text.length(); i++) {
      read(text.charAt(i));
    }
    flush();
  }

  private void read(char c) {
    if (depth == 0) {
      if (c == '{') {
        depth = 1;
        name = null;
        arguments.setLength(0);
        unsent.setLength(0);
        lastKey = null;
        valueKey = null;
      }
      return;
    }
    if (inString) {
      readInString(c);
      return;
    }
    if (inArguments
        && !argumentsNested
        && !argumentsString
        && (c == ',' || c == '}')
        && depth == 1) {
      inArguments = false; // a primitive value ends before the delimiter
    }
    if (depth == 1 && valueKey != null && !inArguments && !Character.isWhitespace(c)) {
      if (valueKey.equals("arguments") && c != ',' && c != '}') {
        inArguments = true;
        argumentsNested = c == '{' || c == '[';
        argumentsString = c == '"';
      }
    }
    if (inArguments && !argumentsString) {
      take(c);
    }
    switch (c) {
      case '"' -> {
        inString = true;
        escaped = false;
        if (depth == 1) {
          string.setLength(0);
          stringIsValue = valueKey != null;
        }
      }
      case '{', '[' -> depth++;
      case '}', ']' -> {
        depth--;
        if (depth == 1 && inArguments && argumentsNested) {
          inArguments = false;
          valueKey = null;
        }
        if (depth == 0) {
          endCall();
        }
      }
      case ':' -> {
        if (depth == 1) {
          valueKey = lastKey;
        }
      }
      case ',' -> {
        if (depth == 1) {
          valueKey = null;
        }
      }
      default -> {}
    }
  }

  private void readInString(char c) {
    if (inArguments && !argumentsString) {
      take(c);
    }
    boolean closes = !escaped && c == '"';
    escaped = !escaped && c == '\\';
    if (depth == 1 && !closes) {
      string.append(c);
    }
    if (!closes) {
      return;
    }
    inString = false;
    if (depth != 1) {
      return;
    }
    if (!stringIsValue) {
      lastKey = decode(string);
    } else if ("name".equals(valueKey)) {
      name = decode(string);
      valueKey = null;
    } else if (inArguments && argumentsString) {
      inArguments = false;
      valueKey = null;
      for (char d : decode(string).toCharArray()) {
        take(d);
      }
    } else {
      valueKey = null;
    }
  }

  private void take(char c) {
    arguments.append(c);
    unsent.append(c);
  }

  /** Tells the listener what it has not been told and can be: a call's start needs its name. */
  private void flush() {
    if (depth > 0 && name != null) {
      tell();
    }
  }

  private void tell() {
    int index = calls.size();
    if (!startedTold) {
      startedTold = true;
      listener.started(index, name);
    }
    if (!unsent.isEmpty()) {
      listener.arguments(index, unsent.toString());
      unsent.setLength(0);
    }
  }

  private boolean startedTold;

  private void endCall() {
    if (name != null) {
      if (arguments.isEmpty()) {
        take('{'); // a call without arguments has an empty object of them
        take('}');
      }
      tell();
      calls.add(new Call(name, arguments.toString()));
    }
    startedTold = false;
    inArguments = false;
    valueKey = null;
  }

  private static String decode(CharSequence raw) {
    try (var reader = JSON.createReader(new StringReader("[\"" + raw + "\"]"))) {
      return ((JsonString) reader.readArray().get(0)).getString();
    } catch (RuntimeException e) {
      return raw.toString();
    }
  }
}
