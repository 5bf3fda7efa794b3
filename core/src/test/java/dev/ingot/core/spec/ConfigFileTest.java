package dev.ingot.core.spec;

import dev.ingot.core.IngotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void read_ingotYaml_allKeys() throws Exception {
        Path f = write("ingot.yaml", """
                name: echo
                program: ./bin/echo
                args: [--verbose, two]
                env: {GREETING: hello, MODE: fast}
                files: {./app.conf: /etc/app.conf}
                dirs: {./static: /srv/static}
                ports: ["8080", "18081:8081"]
                memory: 64M
                cpus: 2
                kernel: native
                """);
        Spec s = ConfigFile.read(f).build();
        assertThat(s.name()).isEqualTo("echo");
        assertThat(s.program()).isEqualTo(dir.resolve("bin/echo"));
        assertThat(s.args()).containsExactly("--verbose", "two");
        assertThat(s.env()).containsExactly(java.util.Map.entry("GREETING", "hello"), java.util.Map.entry("MODE", "fast"));
        assertThat(s.files()).containsExactly(new FileMapping(dir.resolve("app.conf"), "/etc/app.conf"),
                new FileMapping(dir.resolve("static"), "/srv/static"));
        assertThat(s.ports()).containsExactly(new PortForward("", 8080, 8080, "tcp"), new PortForward("", 18081, 8081, "tcp"));
        assertThat(s.memoryBytes()).isEqualTo(64L << 20);
        assertThat(s.cpus()).isEqualTo(2);
        assertThat(s.kernel()).isEqualTo(KernelKind.NATIVE);
    }

    @Test
    void read_json_sameFormat() throws Exception {
        Path f = write("ingot.json", "{\"program\": \"prog\", \"ports\": [\"9000:90/udp\"], \"memory\": \"1G\"}");
        Spec s = ConfigFile.read(f).build();
        assertThat(s.program()).isEqualTo(dir.resolve("prog"));
        assertThat(s.ports()).containsExactly(new PortForward("", 9000, 90, "udp"));
        assertThat(s.memoryBytes()).isEqualTo(1L << 30);
        assertThat(s.kernel()).isEqualTo(KernelKind.LINUX);
        assertThat(s.name()).isEqualTo("prog");
    }

    @Test
    void read_opsConfigJson() throws Exception {
        Path f = write("config.json", """
                {
                  "Program": "echo",
                  "Args": ["-x"],
                  "Env": {"A": "1"},
                  "Files": ["conf/app.yaml"],
                  "Dirs": ["static"],
                  "MapDirs": {"assets/*": "/var/assets"},
                  "RunConfig": {"Ports": ["8080"], "Memory": "256M", "CPUs": 2}
                }
                """);
        Spec s = ConfigFile.read(f).build();
        assertThat(s.program()).isEqualTo(dir.resolve("echo"));
        assertThat(s.args()).containsExactly("-x");
        assertThat(s.env()).containsEntry("A", "1");
        assertThat(s.files()).containsExactly(new FileMapping(dir.resolve("conf/app.yaml"), "/conf/app.yaml"),
                new FileMapping(dir.resolve("static"), "/static"), new FileMapping(dir.resolve("assets"), "/var/assets"));
        assertThat(s.ports()).containsExactly(new PortForward("", 8080, 8080, "tcp"));
        assertThat(s.memoryBytes()).isEqualTo(256L << 20);
        assertThat(s.cpus()).isEqualTo(2);
    }

    @Test
    void read_unknownKey_namesKeyAndFile() throws Exception {
        Path f = write("ingot.yaml", "program: x\nmemroy: 64M\n");
        assertThatThrownBy(() -> ConfigFile.read(f)).isInstanceOf(IngotException.class)
                .hasMessageStartingWith(f + ": unknown key 'memroy'").hasMessageContaining("memory");
    }

    @Test
    void read_unsupportedOpsKey_namesIt() throws Exception {
        Path f = write("config.json", "{\"Program\": \"x\", \"Klibs\": [\"gcp\"]}");
        assertThatThrownBy(() -> ConfigFile.read(f)).hasMessageStartingWith(f + ": unknown key 'Klibs'");
        Path g = write("c2.json", "{\"Program\": \"x\", \"RunConfig\": {\"Bridged\": true}}");
        assertThatThrownBy(() -> ConfigFile.read(g)).hasMessageContaining("unknown key 'RunConfig.Bridged'");
    }

    @Test
    void read_badValues() throws Exception {
        assertThatThrownBy(() -> ConfigFile.read(write("a.yaml", "program: x\nports: [\"99999\"]\n")))
                .hasMessageContaining("bad port '99999'").hasMessageContaining("a.yaml");
        assertThatThrownBy(() -> ConfigFile.read(write("b.yaml", "program: x\nmemory: lots\n")))
                .hasMessageContaining("bad memory size 'lots'");
        assertThatThrownBy(() -> ConfigFile.read(write("c.yaml", "program: x\nkernel: bsd\n")))
                .hasMessageContaining("bad kernel 'bsd'");
        assertThatThrownBy(() -> ConfigFile.read(write("d.yaml", "program: x\ncpus: many\n")))
                .hasMessageContaining("'cpus' must be a whole number");
        assertThatThrownBy(() -> ConfigFile.read(write("e.yaml", "program: x\nfiles: {a: relative/path}\n")))
                .hasMessageContaining("must be absolute");
    }

    @Test
    void read_syntaxError_saysWhere() throws Exception {
        Path f = write("bad.yaml", "program: [unclosed\n");
        assertThatThrownBy(() -> ConfigFile.read(f)).hasMessageContaining("not valid YAML at line");
        Path j = write("bad.json", "{\"program\": }");
        assertThatThrownBy(() -> ConfigFile.read(j)).hasMessageContaining("not valid JSON at line 1");
    }

    @Test
    void read_missingFile() {
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("none.yaml"))).hasMessageStartingWith("config file not found");
    }

    @Test
    void build_flagsOverrideFile() throws Exception {
        SpecBuilder b = ConfigFile.read(write("ingot.yaml", "program: x\nmemory: 64M\nenv: {A: file}\n"));
        b.memoryBytes(32L << 20).env("A", "flag");
        Spec s = b.build();
        assertThat(s.memoryBytes()).isEqualTo(32L << 20);
        assertThat(s.env()).containsEntry("A", "flag");
    }
}
