package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rmi", description = "Remove images (their tags; the parts go when nothing else uses them).",
        footer = {"", "Examples:", "  ingot rmi echo", "  ingot rmi echo:v1", "  ingot rmi -f echo   # even if a running instance boots it"})
final class RmiCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-f", "--force"}, description = "Remove even if a running instance boots it (the instance keeps running).")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image NAME[:TAG] or digest.")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        for (String name : names) {
            System.out.println(name + " " + ctx.ingot.removeImage(name, force));
        }
        return 0;
    }
}
