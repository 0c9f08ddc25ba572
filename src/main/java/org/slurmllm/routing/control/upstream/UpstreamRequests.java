package org.slurmllm.routing.control.upstream;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slurmllm.rest.RequestIds;
import org.slurmllm.routing.entity.Endpoint;

/**
 * A request to a replica over one of its connections, the same for relayed requests ({@code
 * relay.UpstreamCall}) and the application's own calls ({@link UpstreamFetch}): the request line
 * and headers (with the replica's key when its server needs one), a JSON body written without
 * blocking, and one of two callbacks: the answer's status line came, or the exchange failed first.
 */
public final class UpstreamRequests {

  private UpstreamRequests() {}

  /** A JSON POST of {@code body}. */
  public static void post(
      ClientConnection connection,
      Endpoint endpoint,
      String path,
      byte[] body,
      String requestId,
      Consumer<ClientExchange> answered,
      Consumer<IOException> failed) {
    ClientRequest request = new ClientRequest().setMethod(Methods.POST).setPath(path);
    request
        .getRequestHeaders()
        .put(Headers.HOST, endpoint.address())
        .put(Headers.CONTENT_TYPE, "application/json")
        .put(Headers.CONTENT_LENGTH, body.length);
    RequestIds.pass(request, requestId);
    authorize(request, endpoint);
    connection.sendRequest(request, sent(body, listener(answered, failed), failed));
  }

  /**
   * A GET, without a body: Undertow ends a request that has no length itself, so nothing is written
   * here.
   */
  static void get(
      ClientConnection connection,
      Endpoint endpoint,
      String path,
      Consumer<ClientExchange> answered,
      Consumer<IOException> failed) {
    ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(path);
    request.getRequestHeaders().put(Headers.HOST, endpoint.address());
    authorize(request, endpoint);
    ClientCallback<ClientExchange> onAnswer = listener(answered, failed);
    connection.sendRequest(
        request,
        new ClientCallback<>() {
          @Override
          public void completed(ClientExchange sent) {
            sent.setResponseListener(onAnswer);
          }

          @Override
          public void failed(IOException e) {
            failed.accept(e);
          }
        });
  }

  /** The replica's key, when its server needs one (an endpoint without a key sends none). */
  private static void authorize(ClientRequest request, Endpoint endpoint) {
    if (endpoint.authorization() != null) {
      request.getRequestHeaders().put(Headers.AUTHORIZATION, endpoint.authorization());
    }
  }

  private static ClientCallback<ClientExchange> listener(
      Consumer<ClientExchange> answered, Consumer<IOException> failed) {
    return new ClientCallback<>() {
      @Override
      public void completed(ClientExchange exchange) {
        answered.accept(exchange);
      }

      @Override
      public void failed(IOException e) {
        failed.accept(e);
      }
    };
  }

  /** Once the request line and headers are out: listens for the answer, writes the body. */
  private static ClientCallback<ClientExchange> sent(
      byte[] body, ClientCallback<ClientExchange> onAnswer, Consumer<IOException> failed) {
    return new ClientCallback<>() {
      @Override
      public void completed(ClientExchange sent) {
        sent.setResponseListener(onAnswer);
        ChannelWrites.write(
            sent.getRequestChannel(),
            ByteBuffer.wrap(body),
            true,
            new ChannelWrites.Done() {
              @Override
              public void written() {}

              @Override
              public void failed(IOException e) {
                failed.accept(e);
              }
            });
      }

      @Override
      public void failed(IOException e) {
        failed.accept(e);
      }
    };
  }
}
