package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Entry point: picocli parses, each verb class validates and calls the core.
 * Every error ends as one line on stderr and a non-zero exit (see
 * {@link ExitCode}); --debug adds the stack trace. A bare `ingot` prints the
 * usage to stderr and exits 2, as git and docker do.
 */
@Command(name = "ingot", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs ordinary Linux programs as unikernels.",
        footer = {"", "Run 'ingot COMMAND --help' for more on a command."},
        subcommands = {RunCommand.class, ServeCommand.class, BuildCommand.class, PsCommand.class, LogsCommand.class,
                StopCommand.class, RmCommand.class, VolumeCommand.class, ImagesCommand.class, InspectCommand.class,
                RmiCommand.class, ExportCommand.class, PruneCommand.class, PkgCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Ingot implements Callable<Integer> {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLineFor(args).execute(args);
    }

    /** No verb given: the usage, on stderr because it is an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code;
    }

    /** The one place failures become exit codes: 2 for what the user asked wrong, 1 for the rest. */
    static int exitCode(IngotException e) {
        if (e instanceof UsageException) return ExitCode.USAGE.code;
        return e.exitCode();
    }

    /** Every verb: what `ingot --help` lists. */
    static CommandLine commandLine() {
        return configure(new CommandLine(new Ingot()));
    }

    /**
     * The command line for these arguments. picocli builds its model of every
     * verb it is given (reflection over each class's options and mixins), a
     * good part of each start; so when the first word names a verb, only that
     * verb is registered under a bare "ingot". Anything else (no verb, a
     * top-level flag, `help`, a typo) gets every verb, so the usage and the
     * hints are as before. The verbs stay listed in one place: the
     * annotation's subcommands above.
     */
    static CommandLine commandLineFor(String... args) {
        Class<?> verb = args.length > 0 ? verbNamed(args[0]) : null;
        if (verb == null) return commandLine();
        CommandLine root = new CommandLine(CommandSpec.wrapWithoutInspection(new Ingot()).name("ingot"));
        root.addSubcommand(verb);
        return configure(root);
    }

    /**
     * The verb class whose name is this word, if one is (`help` needs its siblings, so it is not one here).
     * A switch rather than a walk over the annotation's subcommands: reading each verb's annotation
     * loads every verb class and builds an annotation object for each, on every start. The
     * annotation stays the one list; VerbRegistrationTest holds this switch equal to it.
     */
    static Class<?> verbNamed(String word) {
        return switch (word) {
            case "run" -> RunCommand.class;
            case "serve" -> ServeCommand.class;
            case "build" -> BuildCommand.class;
            case "ps" -> PsCommand.class;
            case "logs" -> LogsCommand.class;
            case "stop" -> StopCommand.class;
            case "rm" -> RmCommand.class;
            case "volume" -> VolumeCommand.class;
            case "images" -> ImagesCommand.class;
            case "inspect" -> InspectCommand.class;
            case "rmi" -> RmiCommand.class;
            case "export" -> ExportCommand.class;
            case "prune" -> PruneCommand.class;
            case "pkg" -> PkgCommand.class;
            case "version" -> VersionCommand.class;
            default -> null;
        };
    }

    private static CommandLine configure(CommandLine cli) {
        // Words after the program belong to the program: `ingot run ./prog -v` passes -v on.
        for (String verb : new String[]{"run", "build", "serve"}) {
            CommandLine sub = cli.getSubcommands().get(verb);
            if (sub != null) sub.setStopAtPositional(true);
        }
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
            return ExitCode.INTERNAL.code;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("ingot: " + parameterMessage(e) + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
            return ExitCode.USAGE.code;
        });
        return cli;
    }

    /** picocli's message, except an unknown verb, which it calls an "unmatched argument". */
    private static String parameterMessage(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            return "unknown command '" + u.getUnmatched().getFirst() + "'";
        }
        return e.getMessage();
    }
}
