package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.PortForward;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks before boot that every forwarded host port is free, so the user
 * hears "port 8080 is in use" instead of QEMU's message after a half start.
 * (QEMU binds the port itself moments later; a race with another program is
 * still reported, through {@link dev.ingot.core.hypervisor.QemuFailure}.)
 */
public final class PortChecker {
    private PortChecker() {
    }

    public static void checkFree(List<PortForward> ports) throws IngotException {
        Set<String> seen = new HashSet<>();
        for (PortForward p : ports) {
            if (!seen.add(p.protocol() + p.hostPort())) {
                throw new IngotException("host port " + p.hostPort() + "/" + p.protocol() + " is forwarded twice", 2, null);
            }
            InetSocketAddress address = p.hostAddress().isEmpty()
                    ? new InetSocketAddress(p.hostPort()) : new InetSocketAddress(p.hostAddress(), p.hostPort());
            try {
                if (p.protocol().equals("udp")) {
                    try (DatagramSocket s = new DatagramSocket(address)) {
                        s.getLocalPort();
                    }
                } else {
                    try (ServerSocket s = new ServerSocket()) {
                        s.setReuseAddress(true);
                        s.bind(address);
                    }
                }
            } catch (IOException e) {
                throw new IngotException("port " + p.hostPort() + " is already in use on the host: choose another with -p "
                        + "HOST_PORT:" + p.guestPort() + " (or stop what holds it)");
            }
        }
    }
}
