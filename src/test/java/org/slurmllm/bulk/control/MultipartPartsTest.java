package org.slurmllm.bulk.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartPartsTest {

  static final String B = "----b0undary";

  static byte[] form(String... nameFilenameContent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < nameFilenameContent.length; i += 3) {
      String head =
          "--"
              + B
              + "\r\nContent-Disposition: form-data; name=\""
              + nameFilenameContent[i]
              + "\""
              + (nameFilenameContent[i + 1] == null
                  ? ""
                  : "; filename=\"" + nameFilenameContent[i + 1] + "\"")
              + "\r\nContent-Type: text/plain\r\n\r\n";
      out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(nameFilenameContent[i + 2].getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + B + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Reads every part whole, with reads of {@code chunk} bytes from a stream of tiny reads. */
  static List<String[]> parts(InputStream in, int chunk) throws Exception {
    MultipartParts parts = new MultipartParts(in, B, 1024);
    List<String[]> seen = new ArrayList<>();
    MultipartParts.Part p;
    while ((p = parts.next()) != null) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      byte[] b = new byte[chunk];
      int n;
      while ((n = p.content().read(b, 0, b.length)) >= 0) {
        content.write(b, 0, n);
      }
      seen.add(new String[] {p.name(), p.filename(), content.toString(StandardCharsets.UTF_8)});
    }
    return seen;
  }

  /** A stream that gives at most {@code most} bytes a read, as a network does. */
  static InputStream trickle(byte[] bytes, int most) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, most));
      }
    };
  }

  @Test
  void fieldsAndFilesInAnyOrderWithTheirContentExact() throws Exception {
    String file = "{\"a\":1}\r\n--not-the-boundary\r\n\r\n{\"b\":2}\n";
    byte[] body = form("file", "in.jsonl", file, "purpose", null, "batch", "empty", null, "");
    for (int most : new int[] {1, 3, 7, 64, 100000}) {
      List<String[]> seen = parts(trickle(body, most), 5);
      assertEquals(3, seen.size());
      assertArrayEquals(new String[] {"file", "in.jsonl", file}, seen.get(0), "reads of " + most);
      assertArrayEquals(new String[] {"purpose", null, "batch"}, seen.get(1));
      assertArrayEquals(new String[] {"empty", null, ""}, seen.get(2));
    }
  }

  @Test
  void aLargeFileComesThroughByteForByte() throws Exception {
    byte[] content = new byte[1_000_003];
    new Random(7).nextBytes(content);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + B + "--").getBytes(StandardCharsets.ISO_8859_1));
    MultipartParts parts = new MultipartParts(trickle(body.toByteArray(), 9000), B, 1024);
    MultipartParts.Part p = parts.next();
    assertArrayEquals(content, p.content().readAllBytes());
    assertNull(parts.next());
  }

  @Test
  void anUnreadPartIsSkippedAndAPreambleIgnored() throws Exception {
    byte[] body = form("big", null, "x".repeat(300_000), "purpose", null, "batch");
    byte[] withPreamble = new byte[body.length + 10];
    System.arraycopy("preamble\r\n".getBytes(StandardCharsets.UTF_8), 0, withPreamble, 0, 10);
    System.arraycopy(body, 0, withPreamble, 10, body.length);
    MultipartParts parts = new MultipartParts(new ByteArrayInputStream(withPreamble), B, 1024);
    assertEquals("big", parts.next().name());
    MultipartParts.Part purpose = parts.next();
    assertEquals("purpose", purpose.name());
    assertEquals("batch", new String(purpose.content().readAllBytes(), StandardCharsets.UTF_8));
    assertNull(parts.next());
  }

  @Test
  void aFieldIsReadOnlyAsFarAsTheCallerReads() throws Exception {
    // an endless field: the parser hands out what is asked, never more than its buffer ahead
    InputStream endless =
        new InputStream() {
          final byte[] head =
              ("--" + B + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8);
          long served;

          @Override
          public int read() {
            return served < head.length ? head[(int) served++] : (served++ > 0 ? 'a' : 'a');
          }

          @Override
          public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
              b[off + i] = (byte) read();
            }
            return len;
          }
        };
    MultipartParts.Part p = new MultipartParts(endless, B, 1024).next();
    byte[] first = p.content().readNBytes(257);
    assertEquals(257, first.length);
  }

  @Test
  void malformedFormsAreRefused() {
    String[] bad = {
      "", // nothing
      "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
      "--" + B + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + B + "--",
      "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + "X: y\r\n".repeat(400),
      "x".repeat(5000) + "\r\n--" + B + "--",
    };
    for (String b : bad) {
      MultipartParts parts =
          new MultipartParts(new ByteArrayInputStream(b.getBytes(StandardCharsets.UTF_8)), B, 1024);
      assertThrows(
          MultipartParts.MalformedForm.class,
          () -> {
            MultipartParts.Part p;
            while ((p = parts.next()) != null) {
              p.content().readAllBytes();
            }
          },
          b.length() > 60 ? b.substring(0, 60) : b);
    }
  }

  @Test
  void theBoundaryIsTakenFromTheContentType() {
    assertEquals("abc", MultipartParts.boundaryOf("multipart/form-data; boundary=abc"));
    assertEquals("a b", MultipartParts.boundaryOf("multipart/form-data; boundary=\"a b\""));
    assertEquals("x", MultipartParts.boundaryOf("multipart/form-data; charset=utf-8; Boundary=x"));
    assertNull(MultipartParts.boundaryOf("multipart/form-data"));
    assertNull(MultipartParts.boundaryOf("multipart/form-data; boundary=" + "x".repeat(71)));
    assertTrue(
        MultipartParts.parameter("form-data; name=\"f\"; filename=\"a;b.jsonl\"", "filename")
            .equals("a;b.jsonl"));
  }
}
