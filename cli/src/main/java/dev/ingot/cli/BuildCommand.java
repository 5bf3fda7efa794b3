package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.image.Image;
import dev.ingot.core.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "build", sortOptions = false, description = "Build an image without booting it.",
        footer = {"", "Examples:", "  ingot build -c ingot.yaml", "  ingot build --name hello examples/hello/hello world"})
final class BuildCommand implements Callable<Integer> {
    @Mixin SpecOptions spec;
    @Mixin CommonOptions common;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Image name (default: the config's name, else the program's file name).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (spec.program == null && spec.config == null && !spec.javaOptions.givesMainClass()) {
            throw new IngotException("nothing to build: give a program or -c ingot.yaml (see ingot build --help)", 2, null);
        }
        Context ctx = new Context();
        Spec s = spec.toSpec(name);
        Image image = ctx.imageBuilder(ctx.progress()).build(s);
        System.out.printf("%s: %s kernel, %s (kernel %s + rootfs %s) in %s%n", image.manifest().name(),
                image.manifest().run().kernel(), Sizes.human(image.totalSize()), Sizes.human(image.manifest().kernel().size()),
                Sizes.human(image.manifest().rootfs().size()), image.dir());
        return 0;
    }
}
