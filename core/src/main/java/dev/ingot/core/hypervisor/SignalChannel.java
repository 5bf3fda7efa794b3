package dev.ingot.core.hypervisor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's side of the signal channel (docs/boot-protocol.md, "Signals
 * from the host"): COM3 of the guest, a 16550 at {@link #IOBASE} on ISA
 * IRQ {@link #IRQ}, is a Unix socket QEMU listens on; each line
 * {@code ingot-signal N\n} written to it becomes signal N to the program,
 * delivered by the native kernel's driver or the Linux init shim.
 * <p>
 * The connection stays open until closed: QEMU drops the client on hang-up
 * and may then lose bytes the guest's UART has not taken yet, so the
 * caller closes it only once the guest had its chance (the stop's wait).
 */
public final class SignalChannel implements AutoCloseable {
    /** COM3's standard I/O base. */
    public static final int IOBASE = dev.ingot.core.GuestAbi.SIGNAL_PORT;
    /**
     * Not COM3's usual IRQ 4, which is COM1's: 13 is free on microvm (no ACPI: PIT 0/2, COM2 3,
     * COM1 4, virtio-mmio 5..12, RTC 8) and on pc/q35 only carries FPU errors, which never
     * fire once a kernel sets CR0.NE (both of ours do).
     */
    public static final int IRQ = dev.ingot.core.GuestAbi.SIGNAL_IRQ;
    /** Linux's SIGTERM, what `ingot stop` sends. */
    public static final int SIGTERM = 15;

    private final SocketChannel channel;

    private SignalChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /** The QEMU options that give a guest the channel, listening on socket (null: a channel nobody can reach). */
    public static java.util.List<String> qemuOptions(Path socket) {
        String chardev = socket == null ? "null,id=sig" : "socket,id=sig,path=" + QemuCommand.optionValue(socket) + ",server=on,wait=off";
        return java.util.List.of("-chardev", chardev, "-device", "isa-serial,chardev=sig,iobase=0x" + Integer.toHexString(IOBASE) + ",irq=" + IRQ);
    }

    /** Connects to an instance's channel; empty when it has none (an instance started before it existed) or QEMU is gone. */
    public static Optional<SignalChannel> connect(Path socket) {
        if (!Files.exists(socket)) return Optional.empty();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(new SignalChannel(ch));
        } catch (IOException e) {
            closeQuietly(ch);
            return Optional.empty();
        }
    }

    /** The line for signal sig, as the guest parses it. */
    static String record(int sig) {
        if (sig < 1 || sig > 64) throw new IllegalArgumentException("no such signal: " + sig);
        return dev.ingot.core.GuestAbi.SIGNAL_PREFIX + sig + "\n";
    }

    /** Writes the request for signal sig; false if QEMU no longer listens. */
    public boolean send(int sig) {
        ByteBuffer buf = ByteBuffer.wrap(record(sig).getBytes(StandardCharsets.US_ASCII));
        try {
            while (buf.hasRemaining()) channel.write(buf);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }
}
