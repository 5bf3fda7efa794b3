package dev.ingot.cli;

import dev.ingot.api.ImageView;
import dev.ingot.api.Ingot;
import dev.ingot.core.IngotException;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.store.ImageRef;
import dev.ingot.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "images", description = "List images: their tags and digest (the image ID).",
        footer = {"", "Examples:", "  ingot images", "  ingot images -a      # also untagged images the build cache keeps",
                "  ingot images --json"})
final class ImagesCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = {"-a", "--all"}, description = "Also list untagged images (built by ingot run, kept by the build cache).")
    boolean all;

    @Override
    public Integer call() throws Exception {
        Ingot.Images listing = new Context().ingot.images(all);
        for (IngotException e : listing.skipped()) System.err.println("ingot: skipping " + e.getMessage());
        List<ImageView> images = listing.images();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ImageView v : images) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", v.image().digest());
                row.put("tags", v.tags());
                row.put("name", v.image().manifest().name());
                row.put("kernel", v.image().manifest().run().kernel());
                row.put("size", v.image().totalSize());
                row.put("created", v.image().manifest().created());
                rows.add(row);
            }
            System.out.println(Json.MAPPER.writeValueAsString(rows));
            return 0;
        }
        Table table = new Table("TAGS", "DIGEST", "KERNEL", "PROGRAM", "SIZE", "CREATED");
        for (ImageView v : images) {
            ImageManifest m = v.image().manifest();
            String tags = v.tags().isEmpty() ? "<none>" : v.tags().stream().map(ImageRef::toString).collect(Collectors.joining(","));
            table.add(tags, v.image().digest().toString(), m.run().kernel().id(), m.program().hostPath(),
                    Sizes.human(v.image().totalSize()), m.created().toString());
        }
        table.print(System.out);
        return 0;
    }
}
