package dev.ingot.api;

import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.image.ImageStore;
import dev.ingot.core.serve.Service;
import dev.ingot.core.serve.ServiceConfig;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.Staging;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Json;
import dev.ingot.core.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ingot prune` on a store whose only name for an image is a service (what
 * `ingot serve ./program` leaves once `prune -a` has forgotten the build
 * cache): the image's manifest, kernel and rootfs stay until the service is
 * removed. The store is a real one on disk; the blobs are small stand-ins.
 */
class PruneKeepsServicesTest {
    @TempDir Path root;

    @Test
    void prune_keepsEveryPartOfAServicesImage_untilTheServiceIsRemoved() throws Exception {
        IngotHome home = new IngotHome(root);
        ImageStore store = new ImageStore(home);
        Digest kernel, rootfs, manifest, stray;
        try (Staging staging = Staging.open(home.staging())) {
            kernel = store.blobs().writeBytes(staging, "kernel".getBytes(StandardCharsets.UTF_8)).digest();
            rootfs = store.blobs().writeBytes(staging, "rootfs".getBytes(StandardCharsets.UTF_8)).digest();
            ImageManifest m = ImageManifest.of("http", Instant.parse("2026-12-07T04:00:00Z"), "0.1.0",
                    new ImageManifest.Run(KernelKind.NATIVE, List.of("/app/http"), Map.of(), List.of(), 64L << 20, 1),
                    new ImageManifest.Part(kernel, 6), new ImageManifest.Part(rootfs, 6), List.of(),
                    new ImageManifest.Program("/h/http", "/app/http", ElfKind.STATIC, null, List.of()));
            manifest = store.blobs().writeBytes(staging, Json.bytes(m)).digest();
            stray = store.blobs().writeBytes(staging, "named by nothing".getBytes(StandardCharsets.UTF_8)).digest();
        }
        Ingot ingot = new Ingot(home, Progress.silent());
        Service service = ingot.createService(new ServiceConfig(ServiceConfig.SCHEMA_VERSION, "api", "./http", manifest, "",
                18080, 8080, 30_000, 0, 1, 60_000, 64L << 20, 1, Accel.TCG, List.of(), Instant.now()));

        Ingot.Pruned first = ingot.prune(true);
        assertThat(first.blobs()).as("only the stray blob goes").isEqualTo(1);
        assertThat(store.blobs().has(stray)).isFalse();
        assertThat(List.of(manifest, kernel, rootfs)).allMatch(store.blobs()::has);

        ingot.removeService(service, false);
        assertThat(ingot.prune(true).blobs()).as("nothing names the image now").isEqualTo(3);
        assertThat(List.of(manifest, kernel, rootfs)).noneMatch(store.blobs()::has);
    }
}
