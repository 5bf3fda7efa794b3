package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.api.InstanceView;
import dev.ingot.core.DamagedFileException;
import dev.ingot.core.UsageException;
import dev.ingot.core.instance.InstanceState;
import dev.ingot.core.instance.InstanceStatus;
import dev.ingot.core.serve.Service;
import dev.ingot.core.serve.ServiceConfig;
import dev.ingot.core.serve.ServiceState;
import dev.ingot.core.serve.ServiceStatus;
import dev.ingot.core.serve.ServiceStore;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "ps", description = {"List instances (running and ended) and services.",
        "Instances show their exit status; services (ingot serve) their state:",
        "waiting, booting, running, draining or stopped."},
        footer = {"", "Examples:", "  ingot ps", "  ingot ps --json"})
final class PsCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = {"-r", "--running"}, description = "Only running instances.")
    boolean runningOnly;

    // docker ps shows running containers unless -a; ingot ps shows all, and takes -a from habit.
    @Option(names = {"-a", "--all"}, description = "All instances, running and ended (the default).")
    boolean allFlag;

    @Override
    public Integer call() throws Exception {
        if (allFlag && runningOnly) throw new UsageException("-a (all instances) and -r (running only) contradict: give one");
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
        Table services = serviceRows(rows);
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(rows));
        } else {
            table.print(System.out);
            if (services != null) {
                System.out.println();
                services.print(System.out);
            }
        }
        return 0;
    }

    /** Services as a second table (null when there are none) and as rows with "type": "service". */
    private Table serviceRows(List<Map<String, Object>> rows) throws Exception {
        ServiceStore.Listing listing = new Context().ingot.services();
        for (DamagedFileException d : listing.damaged()) System.err.println("ingot: skipping " + d.getMessage());
        if (listing.services().isEmpty()) return null;
        Table table = new Table("SERVICE", "PORT", "IMAGE", "STATE", "BOOTS", "LAST BOOT", "INSTANCES");
        for (Service s : listing.services()) {
            ServiceState state = s.state();
            if (runningOnly && state == ServiceState.STOPPED) continue;
            ServiceConfig c = s.config();
            Optional<ServiceStatus> st = s.status();
            int boots = st.map(ServiceStatus::boots).orElse(0);
            long lastBoot = st.map(ServiceStatus::lastBootMs).orElse(-1L);
            List<ServiceStatus.Slot> slots = state == ServiceState.STOPPED ? List.of() : st.map(ServiceStatus::instances).orElse(List.of());
            String port = (c.hostAddress().isEmpty() ? "" : c.hostAddress() + ":") + c.hostPort() + "->" + c.guestPort() + "/tcp";
            table.add(c.name(), port, c.image(), state.id(), String.valueOf(boots), lastBoot < 0 ? "-" : lastBoot + " ms",
                    slots.isEmpty() ? "-" : slots.stream().map(x -> x.instance() + "(" + x.connections() + ")").collect(Collectors.joining(",")));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", "service");
            row.put("name", c.name());
            row.put("image", c.image());
            row.put("imageDigest", c.imageDigest());
            row.put("hostPort", c.hostPort());
            row.put("guestPort", c.guestPort());
            row.put("status", state.id());
            row.put("boots", boots);
            row.put("lastBootMs", lastBoot < 0 ? null : lastBoot);
            row.put("crashesInRow", st.map(ServiceStatus::crashesInRow).orElse(0));
            row.put("lastError", st.map(ServiceStatus::lastError).orElse(null));
            row.put("instances", slots);
            row.put("pid", s.supervisor().map(ProcessHandle::pid).orElse(null));
            rows.add(row);
        }
        return table;
    }
}
