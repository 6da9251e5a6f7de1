package org.ringplc.server.api;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Serves HTTPS instead of HTTP: one Jetty TLS connector on the bind address and port, and no plain
 * connector beside it, so a session cookie (marked {@code Secure} under TLS) never travels in the
 * clear. TLS 1.2 and 1.3 only, with Jetty's default cipher exclusions.
 */
final class HttpsConnector {
    private HttpsConnector() {
    }

    /**
     * @throws IllegalArgumentException when the certificate or key cannot be used, naming the file
     */
    static void install(JavalinConfig config, TlsConfig tls, String bind, int port) {
        TlsConfig.Loaded loaded = tls.load();
        config.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(loaded.keyStore());
            ssl.setKeyStorePassword(new String(loaded.password()));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            // Boxes are reached by IP address or by names the certificate may not list; the browser
            // checks the certificate against the name it used, so Jetty need not refuse the request.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            c.setHost(bind);
            c.setPort(port);
            return c;
        });
    }
}
