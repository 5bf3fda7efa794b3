package dev.ingot.cli;

import dev.ingot.core.image.Image;
import dev.ingot.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "images", description = "List built images.", footer = {"", "Examples:", "  ingot images", "  ingot images --json"})
final class ImagesCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Image> images = new Context().images.list();
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(images.stream().map(Image::manifest).toList()));
            return 0;
        }
        Table table = new Table("NAME", "KERNEL", "PROGRAM", "LINKAGE", "SIZE", "CREATED");
        for (Image i : images) {
            var m = i.manifest();
            table.add(m.name(), m.run().kernel(), m.program().hostPath(), m.program().linkage(), Sizes.human(i.totalSize()),
                    m.created());
        }
        table.print(System.out);
        return 0;
    }
}
