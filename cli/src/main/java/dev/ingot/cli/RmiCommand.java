package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rmi", description = "Remove images.", footer = {"", "Examples:", "  ingot rmi echo"})
final class RmiCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image names.")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        for (String name : names) {
            ctx.images.remove(name);
            System.out.println(name);
        }
        return 0;
    }
}
