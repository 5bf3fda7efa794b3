package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.core.util.Json;
import dev.ingot.core.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ls", aliases = "list", description = "List volumes: size, filesystem and the running instance using each.",
        footer = {"", "Examples:", "  ingot volume ls", "  ingot volume ls --json"})
final class VolumeLsCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Ingot ingot = new Context().ingot;
        List<Map<String, Object>> rows = new ArrayList<>();
        Table table = new Table("NAME", "SIZE", "FILESYSTEM", "USED BY", "CREATED");
        for (Volume v : ingot.volumes()) {
            List<String> users = ingot.volumeUsers(v);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", v.name());
            row.put("size", v.info().sizeBytes());
            row.put("filesystem", v.info().filesystem());
            row.put("usedBy", users);
            row.put("created", v.info().created());
            rows.add(row);
            table.add(v.name(), Sizes.human(v.info().sizeBytes()), v.info().filesystem(),
                    users.isEmpty() ? "-" : String.join(",", users), v.info().created().toString());
        }
        if (json) System.out.println(Json.MAPPER.writeValueAsString(rows));
        else table.print(System.out);
        return 0;
    }
}
