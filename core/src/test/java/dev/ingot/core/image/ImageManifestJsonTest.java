package dev.ingot.core.image;

import dev.ingot.core.DamagedFileException;
import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import dev.ingot.core.util.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageManifestJsonTest {
    private static final Path FILE = Path.of("/home/u/.ingot/blobs/sha256/ab");

    static ImageManifest sample() {
        return ImageManifest.of("echo", Instant.parse("2026-12-05T07:00:00Z"), "0.1.0",
                new ImageManifest.Run(KernelKind.NATIVE, List.of("/app/echo", "-v"), Map.of("A", "1"),
                        List.of(new PortForward("", 18080, 8080, "tcp")), 64L << 20, 1),
                new ImageManifest.Part(Digest.of("k".getBytes()), 100), new ImageManifest.Part(Digest.of("r".getBytes()), 200),
                null, new ImageManifest.Program("/h/echo", "/app/echo", ElfKind.STATIC, null, List.of()));
    }

    @Test
    void roundTrip_keepsTypes_andTheSameBytesGiveTheSameDigest() throws Exception {
        byte[] bytes = Json.bytes(sample());
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\"kernel\" : \"native\"").contains("\"hostPort\" : 18080")
                .contains("\"created\" : \"2026-12-05T07:00:00Z\"").contains("\"digest\" : \"sha256:")
                .contains("\"linkage\" : \"static\"").doesNotContain("\"disk\"");
        ImageManifest back = Json.parse(bytes, FILE, ImageManifest.class, "image manifest");
        assertThat(back).isEqualTo(sample());
        assertThat(Digest.of(Json.bytes(back))).isEqualTo(Digest.of(bytes));
    }

    /** Every field filled, so the streaming reader is held to the mapper on each of them. */
    static ImageManifest full() {
        return new ImageManifest(ImageManifest.SCHEMA_VERSION, ImageManifest.mediaType(ImageManifest.SCHEMA_VERSION), "web",
                Instant.parse("2026-12-05T07:00:00Z"), "0.1.0",
                new ImageManifest.Run(KernelKind.LINUX, List.of("/app/web", "a b", "\"q\"\u00e9"), Map.of("B", "2", "A", "x=y"),
                        List.of(new PortForward("127.0.0.1", 18080, 8080, "tcp"), new PortForward("", 53, 53, "udp")),
                        128L << 20, 2),
                new ImageManifest.Part(Digest.of("k".getBytes()), 100), new ImageManifest.Part(Digest.of("r".getBytes()), 200),
                new ImageManifest.Part(Digest.of("d".getBytes()), 300),
                List.of(new ImageManifest.Part(Digest.of("p1".getBytes()), 400), new ImageManifest.Part(Digest.of("p2".getBytes()), 500)),
                new ImageManifest.Program("/h/web", "/app/web", ElfKind.DYNAMIC, "/lib64/ld-linux-x86-64.so.2",
                        List.of(new ImageManifest.Library("/lib/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6"))));
    }

    @Test
    void streamingReader_readsWhatTheMapperWrites_asTheMapperReadsIt() throws Exception {
        for (ImageManifest m : List.of(sample(), full())) {
            byte[] bytes = Json.bytes(m);
            assertThat(ManifestReader.parse(bytes)).isEqualTo(Json.parse(bytes, FILE, ImageManifest.class, "image manifest"))
                    .isEqualTo(m);
        }
        String withExtra = new String(Json.bytes(full()), StandardCharsets.UTF_8)
                .replace("\"name\" : \"web\",", "\"name\" : \"web\", \"later\" : {\"x\" : [1, {\"y\" : null}]},");
        assertThat(ManifestReader.parse(withExtra.getBytes(StandardCharsets.UTF_8))).isEqualTo(full());
    }

    @Test
    void damaged_namesTheFile() {
        String good = new String(Json.bytes(sample()), StandardCharsets.UTF_8);
        for (String bad : List.of(good.substring(0, good.length() / 2), "", "null", "[1,2]",
                good.replace("\"native\"", "\"windows\""), good.replace("\"name\" : \"echo\",", ""),
                good.replace("2026-12-05T07:00:00Z", "yesterday"), good.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 9"),
                good.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1"), good.replace("manifest.v2+json", "manifest.v3+json"),
                good.replaceFirst("sha256:[0-9a-f]{64}", "sha256:xyz"))) {
            assertThatThrownBy(() -> Json.parse(bad.getBytes(StandardCharsets.UTF_8), FILE, ImageManifest.class, "image manifest"))
                    .as(bad).isInstanceOf(DamagedFileException.class)
                    .hasMessageStartingWith("image manifest " + FILE + " is damaged (")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(() -> ManifestReader.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(java.io.IOException.class);
        }
        for (String bad : List.of(good.replace("\"memoryBytes\" : 67108864", "\"memoryBytes\" : null"),
                good + " {}", good.replace("\"cpus\" : 1", "\"cpus\" : \"many\""))) {
            assertThatThrownBy(() -> ManifestReader.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
