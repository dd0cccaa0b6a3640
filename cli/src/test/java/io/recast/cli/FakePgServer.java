package io.recast.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of the PostgreSQL protocol to learn which password a client sends: it refuses SSL,
 * asks for a clear-text password, records it, and fails the login with SQLSTATE 28P01. The local
 * test server trusts every connection, so it cannot tell whether a password was sent at all.
 */
final class FakePgServer implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private final ServerSocket server;
    private final CompletableFuture<String> password = new CompletableFuture<>();

    FakePgServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "fake-pg");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The password the first client sent (null if it sent none). */
    String password() throws Exception {
        return password.get(30, TimeUnit.SECONDS);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                int code;
                do {
                    int len = in.readInt();
                    code = in.readInt();
                    in.readFully(new byte[len - 8]);
                    if (code == SSL_REQUEST || code == GSS_REQUEST) {
                        out.writeByte('N');
                        out.flush();
                    }
                } while (code == SSL_REQUEST || code == GSS_REQUEST);
                out.writeByte('R');
                out.writeInt(8);
                out.writeInt(3); // AuthenticationCleartextPassword
                out.flush();
                int type = in.read();
                if (type != 'p') {
                    password.complete(null);
                    continue;
                }
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                password.complete(new String(body, 0, body.length - 1, StandardCharsets.UTF_8));
                byte[] fields = "SFATAL\0C28P01\0Mfake server: password noted\0\0".getBytes(StandardCharsets.UTF_8);
                out.writeByte('E');
                out.writeInt(4 + fields.length);
                out.write(fields);
                out.flush();
            } catch (IOException e) {
                password.complete(null);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
