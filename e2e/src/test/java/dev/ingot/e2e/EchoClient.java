package dev.ingot.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Connects to a forwarded guest port, retrying while the guest boots. QEMU's
 * user network accepts the host connection at once even before the guest
 * listens, and then closes it: so "connected" only counts once a probe byte
 * has come back.
 */
final class EchoClient {
    private EchoClient() {
    }

    static Socket connect(int port, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("probe\n".getBytes());
                byte[] buf = new byte[6];
                int n = in.readNBytes(buf, 0, 6);
                if (n == 6 && new String(buf).equals("probe\n")) return s;
                s.close();
            } catch (IOException e) {
                last = e;
                s.close();
            }
            Thread.sleep(200);
        }
        throw new IOException("no echo on port " + port + " within " + timeoutMs + " ms", last);
    }
}
