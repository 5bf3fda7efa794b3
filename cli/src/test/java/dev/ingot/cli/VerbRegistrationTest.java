package dev.ingot.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ingot VERB ...` registers only that verb (a faster start); what a user
 * sees must be the same as with every verb registered.
 */
class VerbRegistrationTest {

    @Test
    void commandLineFor_aVerb_registersOnlyThatVerb() {
        assertThat(Ingot.commandLineFor("ps", "--json").getSubcommands().keySet()).containsExactly("ps");
        assertThat(Ingot.commandLineFor("run", "./prog", "-v").getSubcommands().keySet()).containsExactly("run");
    }

    @Test
    void verbNamed_knowsEveryVerbOfTheAnnotation_byNameAndAlias() {
        for (Class<?> c : Ingot.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            if (c == CommandLine.HelpCommand.class) continue;
            CommandLine.Command verb = c.getAnnotation(CommandLine.Command.class);
            assertThat(Ingot.verbNamed(verb.name())).as(verb.name()).isEqualTo(c);
            for (String alias : verb.aliases()) assertThat(Ingot.verbNamed(alias)).as(alias).isEqualTo(c);
        }
        for (String word : new String[]{"help", "bogus", "--help", "-V", "", "Run"}) assertThat(Ingot.verbNamed(word)).as(word).isNull();
    }

    @Test
    void commandLineFor_noVerbHelpOrTypo_registersEveryVerb() {
        int all = Ingot.commandLine().getSubcommands().size();
        for (String[] args : new String[][]{{}, {"--help"}, {"help", "run"}, {"bogus"}, {"-V"}}) {
            assertThat(Ingot.commandLineFor(args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void everyVerb_helpIsTheSameAsWithEveryVerbRegistered() {
        for (String verb : Ingot.commandLine().getSubcommands().keySet()) {
            if (verb.equals("help")) continue;
            assertThat(help(Ingot.commandLineFor(verb, "--help"), verb)).as(verb)
                    .isEqualTo(help(Ingot.commandLine(), verb))
                    .contains("Usage: ingot " + verb + " ");
        }
    }

    @Test
    void badVerbFlag_sameMessageEitherWay() {
        assertThat(CliRun.of("ps", "--bogus").err()).isEqualTo("ingot: Unknown option: '--bogus' (see ingot ps --help)\n");
        assertThat(CliRun.of("run", "--memory").err()).isEqualTo("ingot: Missing required parameter for option '--memory' (SIZE) (see ingot run --help)\n");
    }

    private static String help(CommandLine cli, String verb) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(verb, "--help")).isZero();
        return out.toString();
    }
}
