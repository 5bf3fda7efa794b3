package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rm", description = "Remove ended instances and their logs.",
        footer = {"", "Examples:", "  ingot rm e1", "  ingot rm -f e1      # stop it first if running"})
final class RmCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-f", "--force"}, description = "Stop running instances first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "INSTANCE", description = "Names, IDs or ID prefixes.")
    List<String> refs;

    @Override
    public Integer call() throws Exception {
        Context ctx = new Context();
        for (String ref : refs) {
            Instance instance = ctx.instances.find(ref);
            if (instance.process().isPresent()) {
                if (!force) {
                    throw new IngotException("instance " + instance.state().name() + " is running: ingot stop "
                            + instance.state().name() + " first, or ingot rm -f " + instance.state().name());
                }
                InstanceControl.stop(instance, 2000);
            }
            ctx.instances.remove(instance);
            System.out.println(instance.state().name());
        }
        return 0;
    }
}
