package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The body bound both ways into the server apply, decided from the declared length alone. */
class BodyBoundTest {

  record Request(String method, String contentType, long declaredLength) implements RequestView {
    @Override
    public String path() {
      return "/any";
    }

    @Override
    public String header(String name) {
      return name.equals("Content-Type") ? contentType : null;
    }
  }

  final BodyBound api = BodyBound.withUploads(100, 1000);
  final BodyBound inference = BodyBound.json(100);

  @Test
  void aJsonBodyPastTheBoundIs413WithItsBoundNamed() {
    assertNull(api.check(new Request("POST", "application/json", 100)));
    Refusal refused = api.check(new Request("POST", "application/json", 101));
    assertEquals(
        Refusal.of(413, "Request body larger than 100 bytes.", null, "request_too_large"), refused);
    assertEquals(refused, inference.check(new Request("POST", "application/json", 101)));
    assertEquals(refused, api.tooLarge(), "the same when found while reading");
  }

  @Test
  void anUploadIsBoundedByTheFileLimitAndItsFormsRoom() {
    long bound = 1000 + BodyBound.MULTIPART_ROOM;
    assertNull(api.check(new Request("POST", "multipart/form-data; boundary=x", bound)));
    Refusal refused = api.check(new Request("POST", "multipart/form-data; boundary=x", bound + 1));
    assertEquals(
        Refusal.of(413, "file: larger than the limit of 1000 bytes.", "file", "file_too_large"),
        refused);
  }

  @Test
  void whereNoUploadIsTakenAFormIsBoundedAsJson() {
    assertEquals(
        "request_too_large",
        inference.check(new Request("POST", "multipart/form-data; boundary=x", 101)).code());
  }

  @Test
  void requestsWithoutABodyOrWithoutALengthPassTheDeclaredCheck() {
    assertNull(api.check(new Request("GET", null, 1_000_000)));
    assertNull(api.check(new Request("HEAD", null, 1_000_000)));
    assertNull(api.check(new Request("OPTIONS", null, 1_000_000)));
    assertNull(api.check(new Request("POST", "application/json", -1)), "bounded as it is read");
  }
}
