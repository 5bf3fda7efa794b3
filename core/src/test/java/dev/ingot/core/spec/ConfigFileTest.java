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
        assertThat(s.kernel()).as("the default kernel").isEqualTo(KernelKind.NATIVE);
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
    void read_syntaxError_oneLineWithFileLineColumn() throws Exception {
        Path f = write("bad.yaml", "program: [unclosed\n");
        assertThatThrownBy(() -> ConfigFile.read(f)).hasMessageStartingWith(f + ":2:1: not valid YAML: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Path j = write("bad.json", "{\"program\": }");
        assertThatThrownBy(() -> ConfigFile.read(j)).hasMessageStartingWith(j + ":1:13: not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void read_yamlMappingError_oneLine() throws Exception {
        // The mistake a newcomer makes: a missing space after the colon, then an indented key.
        Path f = write("ingot.yaml", "program: ./echo\nports:\n  - \"8080\"\n memory:64M\nenv: {A: 1\n");
        assertThatThrownBy(() -> ConfigFile.read(f))
                .hasMessageMatching(java.util.regex.Pattern.quote(f.toString()) + ":\\d+:\\d+: not valid YAML: [^\\n]+");
        Path tabs = write("tabs.yaml", "program: x\n\tcpus: 2\n");
        assertThatThrownBy(() -> ConfigFile.read(tabs))
                .hasMessageMatching(java.util.regex.Pattern.quote(tabs.toString()) + ":2:1: not valid YAML: [^\\n]+");
    }

    @Test
    void read_opsPorts_numberStringOrList() throws Exception {
        Spec number = ConfigFile.read(write("n.json", "{\"Program\": \"x\", \"RunConfig\": {\"Ports\": 8080}}")).build();
        assertThat(number.ports()).containsExactly(new PortForward("", 8080, 8080, "tcp"));
        Spec text = ConfigFile.read(write("s.json", "{\"Program\": \"x\", \"RunConfig\": {\"Ports\": \"18080:8080\"}}")).build();
        assertThat(text.ports()).containsExactly(new PortForward("", 18080, 8080, "tcp"));
        Spec list = ConfigFile.read(write("l.json", "{\"Program\": \"x\", \"RunConfig\": {\"Ports\": [80, \"9000:90/udp\"]}}")).build();
        assertThat(list.ports()).containsExactly(new PortForward("", 80, 80, "tcp"), new PortForward("", 9000, 90, "udp"));
        Spec yaml = ConfigFile.read(write("ingot.yaml", "program: x\nports: 8080\n")).build();
        assertThat(yaml.ports()).containsExactly(new PortForward("", 8080, 8080, "tcp"));
    }

    @Test
    void read_opsPorts_otherShapesRefused() throws Exception {
        for (String bad : new String[]{"{\"a\": 1}", "true", "null", "[[8080]]", "[{\"Port\": 80}]", "8080.5", "[null]"}) {
            Path f = write("bad.json", "{\"Program\": \"x\", \"RunConfig\": {\"Ports\": " + bad + "}}");
            assertThatThrownBy(() -> ConfigFile.read(f)).as(bad).isInstanceOf(IngotException.class)
                    .hasMessageContaining("'RunConfig.Ports'").hasMessageContaining(f.toString());
        }
        Path y = write("bad.yaml", "program: x\nports: {web: 8080}\n");
        assertThatThrownBy(() -> ConfigFile.read(y)).hasMessageContaining("'ports'");
    }

    @Test
    void read_cpusZeroOrNegative_refused() throws Exception {
        for (String n : new String[]{"0", "-1", "65"}) {
            SpecBuilder b = ConfigFile.read(write("c.yaml", "program: x\ncpus: " + n + "\n"));
            assertThatThrownBy(b::build).hasMessageContaining("bad cpu count " + n + ": use 1 to 64");
        }
    }

    @Test
    void read_missingFile() {
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("none.yaml"))).hasMessageStartingWith("config file not found");
    }

    @Test
    void build_flagsOverrideFile() throws Exception {
        SpecBuilder b = ConfigFile.read(write("ingot.yaml", "program: x\nmemory: 64M\nenv: {A: file}\n"));
        b.memoryBytes(48L << 20).env("A", "flag");
        Spec s = b.build();
        assertThat(s.memoryBytes()).isEqualTo(48L << 20);
        assertThat(s.env()).containsEntry("A", "flag");
    }

    @Test
    void build_memoryBelowTheKernelsMinimum_refusedWithTheNumber() throws Exception {
        SpecBuilder linux = ConfigFile.read(write("l.yaml", "program: x\nmemory: 16M\nkernel: linux\n"));
        assertThatThrownBy(linux::build).isInstanceOf(IngotException.class)
                .hasMessage("guest memory 16M is too little for the linux kernel: use at least 43M (-m 43M)");
        assertThat(ConfigFile.read(write("l2.yaml", "program: x\nmemory: 43M\nkernel: linux\n")).build().memoryBytes()).isEqualTo(43L << 20);
        SpecBuilder nat = ConfigFile.read(write("n.yaml", "program: x\nmemory: 4M\n"));
        assertThatThrownBy(nat::build).hasMessageContaining("use at least 7M");
        assertThat(ConfigFile.read(write("n2.yaml", "program: x\nmemory: 7M\nkernel: native\n")).build().memoryBytes())
                .isEqualTo(7L << 20);
        assertThatThrownBy(() -> ConfigFile.read(write("neg.yaml", "program: x\nmemory: -16M\n")))
                .hasMessageContaining("out of range");
    }
}
