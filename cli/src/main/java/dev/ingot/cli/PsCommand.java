package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.api.InstanceView;
import dev.ingot.core.DamagedFileException;
import dev.ingot.core.instance.InstanceState;
import dev.ingot.core.instance.InstanceStatus;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "ps", description = "List instances, running and ended (with their exit status).",
        footer = {"", "Examples:", "  ingot ps", "  ingot ps --json"})
final class PsCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = {"-r", "--running"}, description = "Only running instances.")
    boolean runningOnly;

    @Override
    public Integer call() throws Exception {
        Ingot.Instances all = new Context().ingot.instances();
        for (DamagedFileException d : all.damaged()) System.err.println("ingot: skipping " + d.getMessage());
        List<Map<String, Object>> rows = new ArrayList<>();
        Table table = new Table("ID", "NAME", "IMAGE", "KERNEL", "PORTS", "STATUS", "UPTIME");
        for (InstanceView i : all.instances()) {
            InstanceStatus status = i.status();
            if (runningOnly && !status.running()) continue;
            InstanceState s = i.state();
            String uptime = status.running() ? Sizes.duration(Duration.between(s.started(), Instant.now())) : "-";
            table.add(s.id(), s.name(), s.image(), s.kernel().id(),
                    s.ports().stream().map(PortForward::toString).collect(Collectors.joining(",")), status.describe(), uptime);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", s.id());
            row.put("name", s.name());
            row.put("image", s.image());
            row.put("imageDigest", s.imageDigest());
            row.put("kernel", s.kernel());
            row.put("ports", s.ports());
            row.put("status", status.running() ? "running" : status.stopped() ? "stopped" : "exited");
            row.put("exitStatus", status.exitStatus().isPresent() ? status.exitStatus().getAsInt() : null);
            row.put("pid", s.pid());
            row.put("started", s.started());
            rows.add(row);
        }
        if (json) System.out.println(Json.MAPPER.writeValueAsString(rows));
        else table.print(System.out);
        return 0;
    }
}
