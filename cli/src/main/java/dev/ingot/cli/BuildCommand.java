package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.core.UsageException;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.store.ImageRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "build", sortOptions = false, description = "Build an image without booting it, and tag it NAME:TAG.",
        footer = {"", "Examples:", "  ingot build -c ingot.yaml", "  ingot build --name hello:v1 examples/hello/hello world"})
final class BuildCommand implements Callable<Integer> {
    @Mixin SpecOptions spec;
    @Mixin CommonOptions common;

    @Option(names = {"-n", "--name", "-t", "--tag"}, paramLabel = "NAME[:TAG]",
            description = "Image name and tag (default: the config's name, else the program's file name; tag latest).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (spec.program == null && spec.config == null && !spec.javaOptions.givesMainClass() && spec.pkg == null) {
            throw new UsageException("nothing to build: give a program or -c ingot.yaml (see ingot build --help)");
        }
        if (!spec.volumes.isEmpty()) {
            throw new UsageException("-v attaches a volume to a run, not to an image: give it to ingot run");
        }
        ImageRef ref = name != null ? ImageRef.parse(name) : null;
        Context ctx = new Context();
        Spec s = spec.toSpec(ref != null ? ref.name() : null);
        if (ref == null) ref = ImageRef.parse(s.name());
        Ingot.Built built = ctx.ingot.build(s, Optional.of(ref));
        ImageManifest m = built.image().manifest();
        long pkg = m.packages().stream().mapToLong(ImageManifest.Part::size).sum();
        System.out.printf("%s: %s kernel, %s (kernel %s + %srootfs %s)%s%n%s%n", ref, m.run().kernel().id(),
                Sizes.human(m.totalSize()), Sizes.human(m.kernel().size()),
                pkg == 0 ? "" : "package " + Sizes.human(pkg) + ", shared, + ", Sizes.human(m.rootfs().size()),
                built.cached() ? ", unchanged (build cache)" : "", built.image().digest());
        return 0;
    }
}
