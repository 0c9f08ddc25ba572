package org.slurmllm.rest;

/**
 * How large a request body may be, decided before anything reads it: a JSON (or any non-multipart)
 * body up to {@code SLURMLLM_MAX_JSON_BYTES}; an upload (multipart), where one is taken, up to the
 * batch file limit plus room for the form's own parts. Bodies sent without a length are bounded as
 * they are read: past the bound, {@link #tooLarge()}.
 */
public final class BodyBound {

  /** What a multipart form adds to its file: boundaries, headers, the purpose field. */
  public static final long MULTIPART_ROOM = 1024 * 1024;

  private final long maxJson;
  private final long maxUpload;
  private final boolean uploads;

  private BodyBound(long maxJson, long maxUpload, boolean uploads) {
    this.maxJson = maxJson;
    this.maxUpload = maxUpload;
    this.uploads = uploads;
  }

  /** For endpoints that take JSON only: every body is bounded as JSON. */
  public static BodyBound json(long maxJson) {
    return new BodyBound(maxJson, 0, false);
  }

  /** For the whole API, where a multipart upload may carry a batch file. */
  public static BodyBound withUploads(long maxJson, long maxUpload) {
    return new BodyBound(maxJson, maxUpload, true);
  }

  /** Null when the declared length (if any) is within the bound; else the 413. */
  public Refusal check(RequestView request) {
    if (!bodied(request.method())) {
      return null;
    }
    long length = request.declaredLength();
    boolean multipart = multipart(request);
    if (length <= limit(multipart)) {
      return null;
    }
    return multipart
        ? Refusal.of(
            413,
            "file: larger than the limit of " + maxUpload + " bytes.",
            "file",
            "file_too_large")
        : tooLarge();
  }

  /** Whether the method's requests are bounded at all (GET, HEAD and OPTIONS carry no body). */
  public static boolean bodied(String method) {
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }

  /** Whether the body is an upload, bounded by the file limit. */
  public boolean multipart(RequestView request) {
    if (!uploads) {
      return false; // no header looked up on the inference path
    }
    String type = request.header("Content-Type");
    return type != null && type.startsWith("multipart/");
  }

  /** The bound for a body of this kind. */
  public long limit(boolean multipart) {
    return multipart ? maxUpload + MULTIPART_ROOM : maxJson;
  }

  /** The 413 of a JSON body past its bound, declared or found while reading. */
  public Refusal tooLarge() {
    return Refusal.of(
        413, "Request body larger than " + maxJson + " bytes.", null, "request_too_large");
  }
}
