package dev.ingot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** build, images, inspect, rmi and run of a built image, on the Linux backend (named in the config). */
class BuildAndImagesTest {
    @TempDir Path home;
    @TempDir Path work;

    @Test
    void build_fromConfig_listInspectRebuildIdenticalRemove() throws Exception {
        Files.writeString(work.resolve("motd.txt"), "hello from a file\n");
        Path cfg = Files.writeString(work.resolve("ingot.yaml"), """
                name: hello-img
                program: %s
                args: [from-config]
                files: {./motd.txt: /etc/motd}
                ports: ["18123:8080"]
                memory: 96M
                kernel: linux
                """.formatted(IngotProcess.REPO.resolve("examples/hello/hello")));
        IngotProcess ingot = new IngotProcess(home);
        IngotProcess.Result b = ingot.run("build", "-c", cfg.toString());
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).startsWith("hello-img:latest: linux kernel");

        JsonNode images = new ObjectMapper().readTree(ingot.run("images", "--json").out());
        assertThat(images).hasSize(1);
        JsonNode m = new ObjectMapper().readTree(ingot.run("inspect", "hello-img").out());
        assertThat(m.get("run").get("argv").toString()).isEqualTo("[\"/app/hello\",\"from-config\"]");
        assertThat(m.get("run").get("memoryBytes").asLong()).isEqualTo(96L << 20);
        assertThat(m.get("rootfs").get("digest").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(m.get("id").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(m.get("tags").toString()).isEqualTo("[\"hello-img:latest\"]");
        assertThat(images.get(0).get("id").asText()).isEqualTo(m.get("id").asText());
        String firstSha = m.get("rootfs").get("digest").asText();

        assertThat(ingot.run("build", "-c", cfg.toString()).exit()).isZero();
        JsonNode again = new ObjectMapper().readTree(ingot.run("inspect", "hello-img").out());
        assertThat(again.get("rootfs").get("digest").asText()).as("rebuild is byte-identical").isEqualTo(firstSha);

        IngotProcess.Result run = ingot.run("run", "hello-img");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Hello from Ingot!");

        assertThat(ingot.run("rmi", "hello-img").exit()).isZero();
        assertThat(ingot.run("images", "--json").out().trim()).isEqualTo("[ ]");
    }
}
