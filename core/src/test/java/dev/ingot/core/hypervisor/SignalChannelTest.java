package dev.ingot.core.hypervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host's end of the COM3 signal channel (docs/boot-protocol.md, "Signals from the host"). */
class SignalChannelTest {
    @TempDir Path dir;

    @Test
    void record_isTheLineBothKernelsParse() {
        assertThat(SignalChannel.record(15)).isEqualTo("ingot-signal 15\n");
        assertThat(SignalChannel.record(2)).isEqualTo("ingot-signal 2\n");
        assertThatThrownBy(() -> SignalChannel.record(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignalChannel.record(65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void send_writesTheLineToWhoeverListens() throws Exception {
        Path sock = dir.resolve("signal.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            try (SignalChannel channel = SignalChannel.connect(sock).orElseThrow();
                 SocketChannel guest = server.accept()) {
                assertThat(channel.send(SignalChannel.SIGTERM)).isTrue();
                ByteBuffer buf = ByteBuffer.allocate(64);
                while (buf.position() < 16) guest.read(buf);
                assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII)).isEqualTo("ingot-signal 15\n");
            }
        }
    }

    @Test
    void connect_withoutASocket_isEmpty_soStopFallsBackToQuit() {
        assertThat(SignalChannel.connect(dir.resolve("missing.sock"))).isEmpty();
    }

    @Test
    void qemuOptions_putCom3OnItsOwnInterruptLine() {
        assertThat(SignalChannel.qemuOptions(null)).containsExactly("-chardev", "null,id=sig",
                "-device", "isa-serial,chardev=sig,iobase=0x3e8,irq=13");
    }
}
