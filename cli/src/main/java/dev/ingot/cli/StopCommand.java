package dev.ingot.cli;

import dev.ingot.core.UsageException;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stop", description = {"Stop running instances or services.",
        "An instance: SIGTERM to the program, QMP quit after the timeout. A service: its supervisor",
        "stops its VMs that way and ends."},
        footer = {"", "Examples:", "  ingot stop e1", "  ingot stop -t 2 e1 e2"})
final class StopCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds the program has to exit after SIGTERM before the VM is quit (default 5).")
    int seconds = 5;

    @Parameters(arity = "1..*", paramLabel = "INSTANCE|SERVICE", description = "Names, IDs or ID prefixes.")
    List<String> refs;

    @Override
    public Integer call() throws Exception {
        if (seconds < 0) throw new UsageException("bad -t " + seconds + ": give the seconds to wait, 0 or more");
        Context ctx = new Context();
        for (String ref : refs) {
            boolean stopped = ctx.ingot.stop(ref, Duration.ofSeconds(seconds));
            System.out.println(ref + (stopped ? "" : " (was not running)"));
        }
        return 0;
    }
}
