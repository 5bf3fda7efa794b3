package sample;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/** Embedded Jetty 12: GET / says hello, GET /echo?msg=X answers X. */
public class JettyApp {
    public static void main(String[] args) throws Exception {
        Server server = new Server(8080);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String query = request.getHttpURI().getQuery();
                String body = "/echo".equals(request.getHttpURI().getPath()) && query != null && query.startsWith("msg=")
                        ? query.substring(4) : "hello from jetty\n";
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
        server.start();
        System.out.println("jetty listening on 8080");
        server.join();
    }
}
