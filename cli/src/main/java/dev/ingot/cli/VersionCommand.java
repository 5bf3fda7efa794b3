package dev.ingot.cli;

import dev.ingot.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "version", description = "Print Ingot's version and what it runs on.")
final class VersionCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) System.out.println(line);
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"ingot " + Version.VERSION,
                    "java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
