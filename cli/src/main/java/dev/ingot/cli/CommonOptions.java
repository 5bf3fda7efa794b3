package dev.ingot.cli;

import picocli.CommandLine.Option;

/** Options every verb takes. */
final class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--debug", description = "Show stack traces and more detail on errors.")
    boolean debug;
}
