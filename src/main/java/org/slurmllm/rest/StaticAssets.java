package org.slurmllm.rest;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Serves the static pages (the API browser, the console, and the web jars they load). JAX-RS owns
 * the root path, so the servlet container's own file serving never sees these requests; the files
 * come from the WAR and from {@code META-INF/resources} of its jars through the servlet context.
 */
@Path("/")
@Unauthenticated
public class StaticAssets {

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png",
          "svg", "image/svg+xml",
          "json", "application/json",
          "map", "application/json");

  @Context ServletContext servletContext;

  /**
   * The console's pages may run only their own scripts and styles from this origin, talk only to
   * this origin, and never sit in a frame: a model's or a user's text that slipped into the page as
   * markup still could not run.
   */
  static final String CONSOLE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  @GET
  @Path("{area: openapi-ui|console}")
  @Operation(hidden = true)
  public Response areaRoot(@PathParam("area") String area, @Context UriInfo uri) {
    if (!uri.getPath().endsWith("/")) {
      // the pages' links are relative (they work under a proxy's sub-path), so they need the slash;
      // a relative Location keeps whatever prefix a proxy put in front of us
      return Response.status(Response.Status.MOVED_PERMANENTLY)
          .header("Location", area + "/")
          .build();
    }
    return file(area, "");
  }

  @GET
  @Path("{area: openapi-ui|console|webjars}/{file: .*}")
  @Operation(hidden = true)
  public Response file(@PathParam("area") String area, @PathParam("file") String file) {
    String name = file.isEmpty() || file.endsWith("/") ? file + "index.html" : file;
    if (name.contains("..") || name.contains("//") || name.contains("\\")) {
      throw new NotFoundException();
    }
    InputStream content = servletContext.getResourceAsStream("/" + area + "/" + name);
    if (content == null) {
      throw new NotFoundException();
    }
    CacheControl cache = new CacheControl();
    // web jars carry their version in the path, so they never change under the same URL
    cache.setMaxAge(area.equals("webjars") ? 86_400 : 0);
    cache.setNoCache(!area.equals("webjars"));
    Response.ResponseBuilder answer =
        Response.ok(content, contentType(name))
            .cacheControl(cache)
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "no-referrer");
    if (area.equals("console")) {
      answer.header("Content-Security-Policy", CONSOLE_POLICY).header("X-Frame-Options", "DENY");
    }
    return answer.build();
  }

  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }
}
