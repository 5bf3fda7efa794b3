package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rm", description = {"Remove ended instances, or stopped services.", "A service goes with its instances and its log."},
        footer = {"", "Examples:", "  ingot rm e1", "  ingot rm -f e1      # stop it first if running"})
final class RmCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-f", "--force"}, description = "Stop running instances first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "INSTANCE|SERVICE", description = "Names, IDs or ID prefixes.")
    List<String> refs;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        for (String ref : refs) {
            var service = ctx.ingot.findService(ref);
            if (service.isPresent()) {
                ctx.ingot.removeService(service.get(), force);
                System.out.println(ref);
            } else {
                System.out.println(ctx.ingot.remove(ref, force).state().name());
            }
        }
        return 0;
    }
}
