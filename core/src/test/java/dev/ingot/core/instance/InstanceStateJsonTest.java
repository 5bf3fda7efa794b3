package dev.ingot.core.instance;

import dev.ingot.core.DamagedFileException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import dev.ingot.core.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceStateJsonTest {
    @TempDir Path root;

    static InstanceState sample(String id, String name) {
        return new InstanceState(InstanceState.SCHEMA_VERSION, id, name, "echo:latest", Digest.of(id.getBytes()),
                KernelKind.LINUX, List.of(new PortForward("127.0.0.1", 18080, 8080, "tcp")), 0,
                Instant.parse("2026-12-05T07:00:00.123Z"), 128L << 20, 2, Accel.TCG, true, List.of("qemu", "-m", "128M"));
    }

    @Test
    void roundTrip_throughTheStore() throws Exception {
        InstanceStore store = new InstanceStore(root);
        Instance created = store.create(sample("0123456789ab", "e1"));
        String text = Files.readString(created.dir().resolve("state.json"));
        assertThat(text).contains("\"accel\" : \"tcg\"").contains("\"kernel\" : \"linux\"")
                .contains("\"guestPort\" : 8080").contains("\"started\" : \"2026-12-05T07:00:00.123Z\"");
        assertThat(store.find("e1").state()).isEqualTo(sample("0123456789ab", "e1"));
        assertThat(store.find("0123").state().name()).isEqualTo("e1");
    }

    @Test
    void streamingForm_isTheMappersForm_byteForByte() throws Exception {
        InstanceState noPorts = new InstanceState(InstanceState.SCHEMA_VERSION, "0123456789ab", "n", null,
                Digest.of("x".getBytes()), KernelKind.NATIVE, List.of(), 4242, Instant.parse("2026-12-05T07:00:00Z"),
                64L << 20, 1, Accel.KVM, false, List.of());
        for (InstanceState s : List.of(sample("0123456789ab", "e1"), noPorts)) {
            byte[] mapper = Json.bytes(s);
            assertThat(new String(InstanceStateJson.bytes(s), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(mapper, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(InstanceStateJson.parse(mapper)).isEqualTo(s);
        }
    }

    @Test
    void takenName_isRefused() throws Exception {
        InstanceStore store = new InstanceStore(root);
        store.create(sample("0123456789ab", "e1"));
        assertThatThrownBy(() -> store.create(sample("ba9876543210", "e1"))).hasMessageContaining("instance name e1 is taken");
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void damagedState_isReportedByName_notSkippedSilently() throws Exception {
        InstanceStore store = new InstanceStore(root);
        store.create(sample("0123456789ab", "good"));
        Path bad = Files.createDirectories(root.resolve("badbadbadbad")).resolve("state.json");
        Files.writeString(bad, "{\"id\": \"badbadbadbad\", \"pid\": ");
        InstanceStore.Listing l = store.scan();
        assertThat(l.instances()).extracting(i -> i.state().name()).containsExactly("good");
        assertThat(l.damaged()).singleElement().satisfies(e -> assertThat(e.file()).isEqualTo(bad));
        assertThatThrownBy(() -> store.find("badbadbadbad")).isInstanceOf(DamagedFileException.class)
                .hasMessageContaining("instance state " + bad + " is damaged");

        Files.writeString(bad, Files.readString(root.resolve("0123456789ab/state.json")).replace("\"tcg\"", "\"warp\""));
        assertThat(store.scan().damaged()).hasSize(1);
        assertThatThrownBy(() -> Json.read(bad, InstanceState.class, "instance state")).hasMessageContaining("warp");
    }
}
