package dev.ingot.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingot.core.IngotException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NanoVMs ops' config.json, so ops users can bring theirs:
 * Program, Args, Env, Files and Dirs (copied to the same relative path under
 * the image root), MapDirs (host folder or folder/* to an image folder) and
 * RunConfig.Ports/Memory/CPUs. Other ops keys (Klibs, Mounts, CloudConfig, ...)
 * are reported as unsupported rather than silently ignored.
 */
final class OpsConfigReader {
    private static final Set<String> KEYS = Set.of("Program", "Args", "Env", "Files", "Dirs", "MapDirs", "RunConfig");
    private static final Set<String> RUN_KEYS = Set.of("Ports", "Memory", "CPUs");
    private final ConfigValues values;

    OpsConfigReader(Path file, Path base) {
        this.values = new ConfigValues(file, base);
    }

    void read(JsonNode root, SpecBuilder builder) throws IngotException {
        values.checkKeys(root, KEYS, "");
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "Program" -> builder.program(values.hostPath(values.string(value, key)));
                case "Args" -> builder.args(values.strings(value, key));
                case "Env" -> {
                    if (!value.isObject()) throw new IngotException(values.file() + ": 'Env' must be an object");
                    for (Map.Entry<String, JsonNode> e : value.properties()) {
                        builder.env(e.getKey(), values.string(e.getValue(), "Env." + e.getKey()));
                    }
                }
                case "Files", "Dirs" -> {
                    for (String rel : values.strings(value, key)) {
                        String clean = Path.of("/").resolve(rel).normalize().toString();
                        builder.file(new FileMapping(values.hostPath(rel), clean));
                    }
                }
                case "MapDirs" -> readMapDirs(value, builder);
                case "RunConfig" -> readRunConfig(value, builder);
                default -> throw new IllegalStateException(key);
            }
        }
    }

    private void readMapDirs(JsonNode value, SpecBuilder builder) throws IngotException {
        if (!value.isObject()) throw new IngotException(values.file() + ": 'MapDirs' must be an object");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            // ops writes "host/dir/*" to mean the folder's contents; a folder mapping means the same here.
            String host = e.getKey().endsWith("/*") ? e.getKey().substring(0, e.getKey().length() - 2) : e.getKey();
            String target = values.string(e.getValue(), "MapDirs." + e.getKey());
            if (!target.startsWith("/")) target = "/" + target;
            builder.file(new FileMapping(values.hostPath(host), target));
        }
    }

    private void readRunConfig(JsonNode value, SpecBuilder builder) throws IngotException {
        if (!value.isObject()) throw new IngotException(values.file() + ": 'RunConfig' must be an object");
        values.checkKeys(value, RUN_KEYS, "RunConfig.");
        if (value.has("Ports")) {
            List<PortForward> ports = new ArrayList<>();
            for (String p : values.ports(value.get("Ports"), "RunConfig.Ports")) {
                ports.add(PortForward.parse(p, values.where("RunConfig.Ports")));
            }
            builder.ports(ports);
        }
        if (value.has("Memory")) {
            builder.memoryBytes(MemorySize.parse(value.get("Memory").asText(), values.where("RunConfig.Memory")));
        }
        if (value.has("CPUs")) builder.cpus(values.integer(value.get("CPUs"), "RunConfig.CPUs"));
    }
}
