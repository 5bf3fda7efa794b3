package dev.ingot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingot.api.Ingot;
import dev.ingot.api.InstanceView;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.image.Image;
import dev.ingot.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "inspect", description = "Show an image's manifest with its digest (or an instance's state) as JSON.",
        footer = {"", "Examples:", "  ingot inspect echo", "  ingot inspect echo:v2", "  ingot inspect sha256:3f2a…",
                "  ingot inspect e1"})
final class InspectCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "JSON output (the default; accepted for symmetry with ps and images).")
    boolean json;

    @Parameters(paramLabel = "NAME", description = "Image NAME[:TAG] or digest, or instance name/ID.")
    String ref;

    @Override
    public Integer call() throws Exception {
        Ingot ingot = new Context().ingot;
        Optional<Image> image = ingot.findImage(ref);
        if (image.isPresent()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("id", image.get().digest().toString());
            out.set("tags", Json.MAPPER.valueToTree(ingot.tagsOf(image.get().digest())));
            out.setAll((ObjectNode) Json.MAPPER.valueToTree(image.get().manifest()));
            System.out.println(Json.MAPPER.writeValueAsString(out));
            return 0;
        }
        InstanceView instance;
        try {
            instance = ingot.instance(ref);
        } catch (NotFoundException e) {
            throw new NotFoundException("no image or instance named " + ref + " (see ingot images, ingot ps)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", instance.state());
        out.put("status", instance.status().describe());
        out.put("dir", instance.dir().toString());
        System.out.println(Json.MAPPER.writeValueAsString(out));
        return 0;
    }
}
