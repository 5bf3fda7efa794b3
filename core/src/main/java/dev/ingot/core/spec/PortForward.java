package dev.ingot.core.spec;

import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;

/**
 * One host port forwarded to a guest port, written like Docker's -p:
 * {@code 8080}, {@code 18080:8080}, {@code 127.0.0.1:18080:8080}, optionally
 * with {@code /udp}. An empty hostAddress means all host interfaces.
 */
public record PortForward(String hostAddress, int hostPort, int guestPort, String protocol) {

    public static PortForward parse(String text, String where) throws IngotException {
        String spec = text.trim();
        String protocol = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new UsageException("bad port '" + text + "' in " + where + ": protocol must be tcp or udp");
            }
        }
        String[] parts = spec.split(":", -1);
        String address = "";
        int host;
        int guest;
        try {
            switch (parts.length) {
                case 1 -> host = guest = Integer.parseInt(parts[0]);
                case 2 -> { host = Integer.parseInt(parts[0]); guest = Integer.parseInt(parts[1]); }
                case 3 -> { address = parts[0]; host = Integer.parseInt(parts[1]); guest = Integer.parseInt(parts[2]); }
                default -> throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new UsageException("bad port '" + text + "' in " + where
                    + ": write PORT, HOST_PORT:GUEST_PORT or ADDRESS:HOST_PORT:GUEST_PORT");
        }
        if (!valid(host) || !valid(guest)) {
            throw new UsageException("bad port '" + text + "' in " + where + ": ports are 1 to 65535");
        }
        return new PortForward(address, host, guest, protocol);
    }

    private static boolean valid(int port) {
        return port >= 1 && port <= 65535;
    }

    @Override
    public String toString() {
        String host = hostAddress.isEmpty() ? "" : hostAddress + ":";
        return host + hostPort + "->" + guestPort + "/" + protocol;
    }
}
