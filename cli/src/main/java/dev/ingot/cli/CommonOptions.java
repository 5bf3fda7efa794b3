package dev.ingot.cli;

import picocli.CommandLine.Option;

/** Options every verb takes. */
final class CommonOptions {
    @Option(names = "--debug", description = "Show stack traces and more detail on errors.")
    boolean debug;
}
