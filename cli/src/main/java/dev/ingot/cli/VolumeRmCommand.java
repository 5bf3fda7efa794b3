package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rm", description = "Delete volumes and their data (refused while a running instance uses one).",
        footer = {"", "Examples:", "  ingot volume rm data"})
final class VolumeRmCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Volume names.")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        for (String n : names) System.out.println(ctx.ingot.removeVolume(n).name());
        return 0;
    }
}
