package dev.ingot.core.image;

import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.Staging;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which manifest schema an image is written with, and what this Ingot reads
 * (docs/images.md, "Schema versions"): packages make an image schema 3, so an
 * Ingot that reads only 2 refuses it rather than booting it without them;
 * schema 2 still reads; a newer schema is refused in one line.
 */
class ManifestSchemaTest {
    @TempDir Path root;

    private static final ImageManifest.Run RUN = new ImageManifest.Run(KernelKind.NATIVE, List.of("/usr/bin/python3", "/app/a.py"),
            Map.of(), List.of(), 256L << 20, 1);
    private static final ImageManifest.Program PROGRAM = new ImageManifest.Program("/usr/bin/python3", "/usr/bin/python3",
            ElfKind.DYNAMIC, "/lib64/ld-linux-x86-64.so.2", List.of());

    private static ImageManifest image(List<ImageManifest.Part> packages) {
        return ImageManifest.of("app", Instant.parse("2026-12-07T08:00:00Z"), "0.1.0", RUN,
                new ImageManifest.Part(Digest.of("kernel".getBytes()), 6), new ImageManifest.Part(Digest.of("rootfs".getBytes()), 6),
                packages, PROGRAM);
    }

    /** The manifest as `ingot build --pkg` wrote it before schema 3: schema 2 with packages. */
    private static final String SCHEMA_2_WITH_PACKAGES = """
            {
              "schemaVersion" : 2,
              "mediaType" : "application/vnd.ingot.image.manifest.v2+json",
              "name" : "app",
              "created" : "2026-12-07T06:00:00Z",
              "ingotVersion" : "0.1.0",
              "run" : { "kernel" : "native", "argv" : [ "/usr/bin/python3", "/app/a.py" ], "env" : { }, "ports" : [ ],
                        "memoryBytes" : 268435456, "cpus" : 1 },
              "kernel" : { "digest" : "sha256:%1$s", "size" : 6 },
              "rootfs" : { "digest" : "sha256:%2$s", "size" : 6 },
              "packages" : [ { "digest" : "sha256:%3$s", "size" : 7 } ],
              "program" : { "hostPath" : "/usr/bin/python3", "imagePath" : "/usr/bin/python3", "linkage" : "dynamic",
                            "interpreter" : "/lib64/ld-linux-x86-64.so.2", "libraries" : [ ] }
            }
            """.formatted(Digest.of("kernel".getBytes()).hex(), Digest.of("rootfs".getBytes()).hex(),
            Digest.of("package".getBytes()).hex());

    @Test
    void anImageWithPackages_isWrittenAsSchema3_andReadsBackWithThem() throws Exception {
        ImageManifest.Part pkg = new ImageManifest.Part(Digest.of("package".getBytes()), 7);
        ImageManifest m = image(List.of(pkg));
        assertThat(m.schemaVersion()).isEqualTo(3);
        String text = new String(Json.bytes(m), StandardCharsets.UTF_8);
        assertThat(text).contains("\"schemaVersion\" : 3", "\"mediaType\" : \"application/vnd.ingot.image.manifest.v3+json\"",
                "\"packages\" : [ {");

        ImageManifest back = ManifestReader.parse(Json.bytes(m));
        assertThat(back).isEqualTo(m);
        assertThat(back.packages()).containsExactly(pkg);
    }

    /** Without packages nothing changed, so an Ingot that reads only schema 2 still reads these images. */
    @Test
    void anImageWithoutPackages_staysSchema2() {
        ImageManifest m = image(List.of());
        assertThat(m.schemaVersion()).isEqualTo(2);
        assertThat(new String(Json.bytes(m), StandardCharsets.UTF_8))
                .contains("\"schemaVersion\" : 2", "\"mediaType\" : \"application/vnd.ingot.image.manifest.v2+json\"")
                .doesNotContain("packages");
    }

    @Test
    void schema2Manifests_stillRead_withTheirPackages() throws Exception {
        ImageManifest old = ManifestReader.parse(SCHEMA_2_WITH_PACKAGES.getBytes(StandardCharsets.UTF_8));
        assertThat(old.schemaVersion()).isEqualTo(2);
        assertThat(old.packages()).containsExactly(new ImageManifest.Part(Digest.of("package".getBytes()), 7));
        assertThat(old.run()).isEqualTo(RUN);

        String withoutPackages = SCHEMA_2_WITH_PACKAGES.replaceAll("\\s*\"packages\" : \\[[^]]*],", "");
        assertThat(withoutPackages).doesNotContain("packages");
        assertThat(ManifestReader.parse(withoutPackages.getBytes(StandardCharsets.UTF_8)).packages()).isEmpty();
    }

    @Test
    void aNewerSchema_isRefusedInOneLine_evenWhenItsFieldsChangedShape() throws Exception {
        ImageStore store = new ImageStore(new IngotHome(root));
        String newer = SCHEMA_2_WITH_PACKAGES.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 4")
                .replace("manifest.v2+json", "manifest.v4+json");
        // A later schema may give a field another shape; the schema, not that field, is the reason to give.
        String reshaped = newer.replace("\"cpus\" : 1", "\"cpus\" : { \"count\" : 2 }");
        for (String text : List.of(newer, reshaped)) {
            Digest id = store(store, text);
            assertThatThrownBy(() -> store.load(id)).as(text)
                    .isExactlyInstanceOf(IngotException.class)
                    .hasMessage("image app (" + id.shortHex() + ") was built by a newer Ingot (manifest schema 4):"
                            + " upgrade Ingot or rebuild it");
        }
        Digest nameless = store(store, reshaped.replace("\"name\" : \"app\",", ""));
        assertThatThrownBy(() -> store.load(nameless))
                .hasMessage("image " + nameless + " was built by a newer Ingot (manifest schema 4): upgrade Ingot or rebuild it");
        // Not newer, only broken: still reported as damaged.
        Digest broken = store(store, SCHEMA_2_WITH_PACKAGES.replace("\"cpus\" : 1", "\"cpus\" : { \"count\" : 2 }"));
        assertThatThrownBy(() -> store.load(broken)).isInstanceOf(DamagedFileException.class);
    }

    /** An image this Ingot cannot read names parts it cannot know: prune stops and removes nothing. */
    @Test
    void prune_stopsAtANewerManifest_andRemovesNothing() throws Exception {
        ImageStore store = new ImageStore(new IngotHome(root));
        Digest id = store(store, SCHEMA_2_WITH_PACKAGES.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 4")
                .replace("manifest.v2+json", "manifest.v4+json"));
        store(store, "package");
        Digest stray = store(store, "named by nothing");
        List<Digest> before = store.blobs().list();

        assertThatThrownBy(() -> new ImagePruner(store).prune(Set.of(id))).hasMessageContaining("built by a newer Ingot");
        assertThat(store.blobs().list()).containsExactlyInAnyOrderElementsOf(before).contains(stray);
    }

    private static Digest store(ImageStore store, String text) throws Exception {
        try (Staging staging = store.staging()) {
            return store.blobs().writeBytes(staging, text.getBytes(StandardCharsets.UTF_8)).digest();
        }
    }
}
