package dev.ingot.core.image;

import dev.ingot.core.elf.ElfKind;
import dev.ingot.core.rootfs.RootfsLayout;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The key is written field by field: every field of what the image runs must change it. */
class BuildKeyTest {
    private static final Digest KERNEL = Digest.of("kernel".getBytes());

    private static ImageManifest.Run run(List<String> argv, Map<String, String> env, List<PortForward> ports, long memory, int cpus,
                                         KernelKind kernel) {
        return new ImageManifest.Run(kernel, argv, env, ports, memory, cpus);
    }

    private static final ImageManifest.Run RUN = run(List.of("/app/p", "a"), Map.of("A", "1", "B", "2"),
            List.of(new PortForward("", 8080, 8080, "tcp")), 64L << 20, 1, KernelKind.NATIVE);
    private static final ImageManifest.Program PROGRAM = new ImageManifest.Program("/h/p", "/app/p", ElfKind.DYNAMIC,
            "/lib/ld.so", List.of(new ImageManifest.Library("/lib/libc.so", "/usr/lib/libc.so")));

    private static RootfsLayout layout() throws Exception {
        RootfsLayout layout = new RootfsLayout();
        layout.directory("/app", 0755);
        layout.content("/etc/hostname", "p\n");
        layout.symlink("/bin", "app");
        return layout;
    }

    private static Digest key(String name, ImageManifest.Run run, ImageManifest.Program program) throws Exception {
        return BuildKey.of(name, List.of(layout()), KERNEL, run, program, null, null);
    }

    /** The same files split into a package part and the image's own part are another image. */
    @Test
    void theSplitIntoParts_changesTheKey() throws Exception {
        RootfsLayout pkg = new RootfsLayout();
        pkg.directory("/app", 0755);
        RootfsLayout own = new RootfsLayout();
        own.content("/etc/hostname", "p\n");
        own.symlink("/bin", "app");
        assertThat(BuildKey.of("p", List.of(pkg, own), KERNEL, RUN, PROGRAM, null, null)).isNotEqualTo(key("p", RUN, PROGRAM));
    }

    @Test
    void sameInputs_sameKey_whateverTheEnvOrder() throws Exception {
        assertThat(key("p", RUN, PROGRAM)).isEqualTo(key("p", RUN, PROGRAM));
        ImageManifest.Run reordered = run(RUN.argv(), new java.util.LinkedHashMap<>(Map.of("B", "2", "A", "1")), RUN.ports(),
                RUN.memoryBytes(), RUN.cpus(), RUN.kernel());
        assertThat(key("p", reordered, PROGRAM)).isEqualTo(key("p", RUN, PROGRAM));
    }

    @Test
    void everyField_changesTheKey() throws Exception {
        List<ImageManifest.Run> runs = List.of(
                run(List.of("/app/p", "b"), RUN.env(), RUN.ports(), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(List.of("/app/p", "a", ""), RUN.env(), RUN.ports(), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(List.of("/app/p a"), RUN.env(), RUN.ports(), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), Map.of("A", "1"), RUN.ports(), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), Map.of("A", "1", "B", "3"), RUN.ports(), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), List.of(), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), List.of(new PortForward("", 8080, 8080, "udp")), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), List.of(new PortForward("127.0.0.1", 8080, 8080, "tcp")), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), List.of(new PortForward("", 8081, 8080, "tcp")), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), List.of(new PortForward("", 8080, 8081, "tcp")), RUN.memoryBytes(), RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), RUN.ports(), 128L << 20, RUN.cpus(), RUN.kernel()),
                run(RUN.argv(), RUN.env(), RUN.ports(), RUN.memoryBytes(), 2, RUN.kernel()),
                run(RUN.argv(), RUN.env(), RUN.ports(), RUN.memoryBytes(), RUN.cpus(), KernelKind.LINUX));
        List<ImageManifest.Program> programs = List.of(
                new ImageManifest.Program("/h/q", "/app/p", ElfKind.DYNAMIC, "/lib/ld.so", PROGRAM.libraries()),
                new ImageManifest.Program("/h/p", "/app/q", ElfKind.DYNAMIC, "/lib/ld.so", PROGRAM.libraries()),
                new ImageManifest.Program("/h/p", "/app/p", ElfKind.STATIC_PIE, "/lib/ld.so", PROGRAM.libraries()),
                new ImageManifest.Program("/h/p", "/app/p", ElfKind.DYNAMIC, null, PROGRAM.libraries()),
                new ImageManifest.Program("/h/p", "/app/p", ElfKind.DYNAMIC, "/lib/ld.so", List.of()),
                new ImageManifest.Program("/h/p", "/app/p", ElfKind.DYNAMIC, "/lib/ld.so",
                        List.of(new ImageManifest.Library("/lib/libc.so", "/usr/lib/other.so"))));
        Set<Digest> keys = new HashSet<>();
        keys.add(key("p", RUN, PROGRAM));
        keys.add(key("q", RUN, PROGRAM));
        for (ImageManifest.Run r : runs) keys.add(key("p", r, PROGRAM));
        for (ImageManifest.Program p : programs) keys.add(key("p", RUN, p));
        assertThat(keys).hasSize(2 + runs.size() + programs.size());
    }

    /** A new field in these records must be added to the key (and to the test above): this fails until it is. */
    @Test
    void theKeyKnowsEveryField() {
        assertThat(names(ImageManifest.Run.class)).containsExactly("kernel", "argv", "env", "ports", "memoryBytes", "cpus");
        assertThat(names(ImageManifest.Program.class)).containsExactly("hostPath", "imagePath", "linkage", "interpreter", "libraries");
        assertThat(names(ImageManifest.Library.class)).containsExactly("imagePath", "hostPath");
        assertThat(names(PortForward.class)).containsExactly("hostAddress", "hostPort", "guestPort", "protocol");
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
