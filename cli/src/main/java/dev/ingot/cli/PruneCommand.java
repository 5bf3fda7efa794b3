package dev.ingot.cli;

import dev.ingot.api.Ingot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "prune", description = "Remove image parts no tag, instance, service or build cache entry uses, and leftovers of interrupted builds.",
        footer = {"", "Examples:", "  ingot prune", "  ingot prune -a     # also forget the build cache (untagged images)"})
final class PruneCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-a", "--all"}, description = "Also forget the build cache, so only tagged images and instances keep their parts.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        Ingot.Pruned p = new Context().ingot.prune(all);
        System.out.printf("removed %d blobs (%s)%s%s%n", p.blobs(), Sizes.human(p.bytes()),
                p.cacheEntries() > 0 ? ", " + p.cacheEntries() + " build cache entries" : "",
                p.staging() > 0 ? ", " + p.staging() + " interrupted builds' leftovers" : "");
        return 0;
    }
}
