package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.concurrent.Callable;

@Command(name = "logs", description = {"Print an instance's console output, or a service's log.",
        "A service's log (ingot serve) has its boots, idle stops, exits and crashes, with their reasons."},
        footer = {"", "Examples:", "  ingot logs e1", "  ingot logs -f e1      # follow until it ends"})
final class LogsCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output while the instance runs.")
    boolean follow;

    @Parameters(paramLabel = "INSTANCE", description = "Name, ID or ID prefix.")
    String ref;

    @Override
    public Integer call() throws Exception {
        new Context().ingot.logs(ref, new FileOutputStream(FileDescriptor.out), follow);
        return 0;
    }
}
