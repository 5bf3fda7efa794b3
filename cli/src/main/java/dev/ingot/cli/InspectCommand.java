package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", description = "Show an image's manifest (or an instance's state) as JSON.",
        footer = {"", "Examples:", "  ingot inspect echo", "  ingot inspect e1"})
final class InspectCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "JSON output (the default; accepted for symmetry with ps and images).")
    boolean json;

    @Parameters(paramLabel = "NAME", description = "Image name, or instance name/ID.")
    String ref;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        if (ctx.images.exists(ref)) {
            System.out.println(Json.MAPPER.writeValueAsString(ctx.images.get(ref).manifest()));
            return 0;
        }
        Instance instance;
        try {
            instance = ctx.instances.find(ref);
        } catch (IngotException e) {
            throw new IngotException("no image or instance named " + ref + " (see ingot images, ingot ps)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", instance.state());
        out.put("status", instance.status().describe());
        out.put("dir", instance.dir().toString());
        System.out.println(Json.MAPPER.writeValueAsString(out));
        return 0;
    }
}
