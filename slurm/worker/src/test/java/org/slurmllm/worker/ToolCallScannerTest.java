package org.slurmllm.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallScannerTest {

  /** What a listener heard, as "start:0:name" and "args:0:piece" lines. */
  static final class Heard implements ToolCallScanner.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public void started(int index, String name) {
      events.add("start:" + index + ":" + name);
    }

    @Override
    public void arguments(int index, String piece) {
      events.add("args:" + index + ":" + piece);
    }

    String arguments(int index) {
      StringBuilder all = new StringBuilder();
      for (String e : events) {
        if (e.startsWith("args:" + index + ":")) {
          all.append(e.substring(("args:" + index + ":").length()));
        }
      }
      return all.toString();
    }
  }

  @Test
  void aCallStreamedCharacterByCharacterIsToldAsItComes() {
    Heard heard = new Heard();
    ToolCallScanner scanner = new ToolCallScanner(heard);
    String text =
        "{ \"name\" : \"get_weather\", \"arguments\": {\"city\": \"Paris, \\\"FR\\\"\"} }";
    for (char c : text.toCharArray()) {
      scanner.feed(String.valueOf(c));
    }
    assertEquals("start:0:get_weather", heard.events.get(0));
    assertEquals("{\"city\": \"Paris, \\\"FR\\\"\"}", heard.arguments(0));
    assertTrue(heard.events.size() > 10, "arguments came in pieces: " + heard.events);
    assertEquals(
        List.of(new ToolCallScanner.Call("get_weather", "{\"city\": \"Paris, \\\"FR\\\"\"}")),
        scanner.calls());
  }

  @Test
  void parallelCallsInAnArrayAndMarkedCallsAreAllRead() {
    List<ToolCallScanner.Call> calls =
        ToolCallScanner.scan(
            "[{\"name\":\"a\",\"arguments\":{\"x\":[1,{\"y\":2}]}},{\"name\":\"b\",\"arguments\":{}}]");
    assertEquals(2, calls.size());
    assertEquals("{\"x\":[1,{\"y\":2}]}", calls.get(0).arguments());
    assertEquals("b", calls.get(1).name());
    calls =
        ToolCallScanner.scan(
            "<tool_call>{\"name\": \"a\", \"arguments\": {\"q\": 1}}</tool_call>\n"
                + "<tool_call>{\"name\": \"b\", \"arguments\": {\"q\": 2}}</tool_call>");
    assertEquals(List.of("a", "b"), calls.stream().map(ToolCallScanner.Call::name).toList());
  }

  @Test
  void argumentsBeforeTheNameWaitForItAndStringArgumentsAreDecoded() {
    Heard heard = new Heard();
    ToolCallScanner scanner = new ToolCallScanner(heard);
    scanner.feed("{\"arguments\": {\"q\": 1}, ");
    assertTrue(heard.events.isEmpty(), "nothing told before the name: " + heard.events);
    scanner.feed("\"name\": \"f\"}");
    assertEquals(List.of("start:0:f", "args:0:{\"q\": 1}"), heard.events);

    assertEquals(
        "{\"q\":1}",
        ToolCallScanner.scan("{\"name\":\"f\",\"arguments\":\"{\\\"q\\\":1}\"}")
            .get(0)
            .arguments());
    assertEquals("{}", ToolCallScanner.scan("{\"name\":\"f\"}").get(0).arguments());
  }

  @Test
  void textWithoutAnObjectHasNoCalls() {
    ToolCallScanner scanner = new ToolCallScanner(new Heard());
    scanner.feed("It is sunny in Paris.");
    assertFalse(scanner.any());
    assertTrue(scanner.calls().isEmpty());
  }
}
