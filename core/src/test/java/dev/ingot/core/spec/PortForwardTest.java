package dev.ingot.core.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortForwardTest {
    @Test
    void parse_forms() throws Exception {
        assertThat(PortForward.parse("8080", "-p")).isEqualTo(new PortForward("", 8080, 8080, "tcp"));
        assertThat(PortForward.parse("18080:8080", "-p")).isEqualTo(new PortForward("", 18080, 8080, "tcp"));
        assertThat(PortForward.parse("127.0.0.1:18080:8080/udp", "-p"))
                .isEqualTo(new PortForward("127.0.0.1", 18080, 8080, "udp"));
    }

    @Test
    void parse_rejects() {
        assertThatThrownBy(() -> PortForward.parse("0", "-p")).hasMessageContaining("ports are 1 to 65535");
        assertThatThrownBy(() -> PortForward.parse("a:b", "-p")).hasMessageContaining("bad port 'a:b' in -p");
        assertThatThrownBy(() -> PortForward.parse("80/sctp", "-p")).hasMessageContaining("tcp or udp");
    }

    @Test
    void memorySize_parse() throws Exception {
        assertThat(MemorySize.parse("64M", "-m")).isEqualTo(64L << 20);
        assertThat(MemorySize.parse("1g", "-m")).isEqualTo(1L << 30);
        assertThat(MemorySize.parse("512MiB", "-m")).isEqualTo(512L << 20);
        assertThat(MemorySize.parse("128", "-m")).isEqualTo(128L << 20);
        assertThatThrownBy(() -> MemorySize.parse("512K", "-m")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> MemorySize.parse("1500K", "-m")).hasMessageContaining("whole number of MiB");
    }
}
