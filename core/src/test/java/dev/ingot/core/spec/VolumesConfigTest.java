package dev.ingot.core.spec;

import dev.ingot.core.IngotException;
import dev.ingot.core.volume.VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ingot.yaml's volumes: strings or {name, path} mappings, and what is refused. */
class VolumesConfigTest {
    @TempDir Path dir;

    private Spec read(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("ingot.yaml"), "program: ./prog\n" + yaml);
        return ConfigFile.read(f).build();
    }

    @Test
    void read_stringsAndMappings() throws Exception {
        Spec s = read("volumes: [\"data:/data\", {name: logs, path: /var/log/app}]\n");
        assertThat(s.volumes()).containsExactly(new VolumeMount("data", "/data"), new VolumeMount("logs", "/var/log/app"));
    }

    @Test
    void read_refusesBadShapes() {
        assertThatThrownBy(() -> read("volumes: data:/data\n")).isInstanceOf(IngotException.class)
                .hasMessageContaining("'volumes' must be a list");
        assertThatThrownBy(() -> read("volumes: [{name: data}]\n")).hasMessageContaining("needs both name and path");
        assertThatThrownBy(() -> read("volumes: [{name: data, path: /d, size: 1G}]\n"))
                .hasMessageContaining("unknown key 'volumes[].size'");
        assertThatThrownBy(() -> read("volumes: [\"data:relative\"]\n")).hasMessageContaining("bad mount path 'relative'");
    }

    @Test
    void flags_replaceTheConfigsVolumes() throws Exception {
        Path f = Files.writeString(dir.resolve("ingot.yaml"), "program: ./prog\nvolumes: [\"a:/a\"]\n");
        Spec s = ConfigFile.read(f).volumes(List.of(new VolumeMount("b", "/b"))).build();
        assertThat(s.volumes()).containsExactly(new VolumeMount("b", "/b"));
    }
}
