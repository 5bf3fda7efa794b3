package dev.ingot.cli;

import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stop", description = "Stop running instances (QMP quit, then forced after the timeout).",
        footer = {"", "Examples:", "  ingot stop e1", "  ingot stop -t 2 e1 e2"})
final class StopCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before killing (default 5).")
    int seconds = 5;

    @Parameters(arity = "1..*", paramLabel = "INSTANCE", description = "Names, IDs or ID prefixes.")
    List<String> refs;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        for (String ref : refs) {
            Instance instance = ctx.instances.find(ref);
            boolean stopped = InstanceControl.stop(instance, seconds * 1000L);
            System.out.println(instance.state().name() + (stopped ? "" : " (was not running)"));
        }
        return 0;
    }
}
