package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: picocli parses, each verb class validates and calls the core.
 * Every error ends as one line on stderr and a non-zero exit; --debug adds
 * the stack trace.
 */
@Command(name = "ingot", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs ordinary Linux programs as unikernels.",
        subcommands = {RunCommand.class, BuildCommand.class, PsCommand.class, LogsCommand.class, StopCommand.class,
                RmCommand.class, ImagesCommand.class, InspectCommand.class, RmiCommand.class, PruneCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Ingot {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** The one place failures become exit codes: 2 for what the user asked wrong, 1 for the rest. */
    static int exitCode(IngotException e) {
        if (e instanceof UsageException) return 2;
        return e.exitCode();
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Ingot());
        // Words after the program belong to the program: `ingot run ./prog -v` passes -v on.
        cli.getSubcommands().get("run").setStopAtPositional(true);
        cli.getSubcommands().get("build").setStopAtPositional(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = false;
            for (var r = parsed; r != null; r = r.subcommand()) debug |= r.hasMatchedOption("--debug");
            if (e instanceof IngotException ie) {
                cmd.getErr().println("ingot: " + ie.getMessage());
                if (debug) ie.printStackTrace(cmd.getErr());
                return exitCode(ie);
            }
            cmd.getErr().println("ingot: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) e.printStackTrace(cmd.getErr());
            return 70; // EX_SOFTWARE
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("ingot: " + e.getMessage() + " (see ingot " + cmd.getCommandName() + " --help)");
            return 2;
        });
        return cli;
    }
}
