package dev.ingot.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Help for every verb, usage for a bare `ingot`, hints that name real commands. */
class UsageTest {

    @Test
    void help_everyVerbWithBothSpellings() {
        for (String verb : Ingot.commandLine().getSubcommands().keySet()) {
            for (String flag : new String[]{"--help", "-h"}) {
                CliRun r = CliRun.of(verb, flag);
                assertThat(r.exit()).as("ingot %s %s: %s", verb, flag, r.err()).isZero();
                assertThat(r.out()).as("ingot %s %s", verb, flag).contains("Usage: ingot " + verb + " ");
                assertThat(r.err()).isEmpty();
            }
        }
    }

    @Test
    void help_everyNounVerb() {
        for (var verb : Ingot.commandLine().getSubcommands().entrySet()) {
            for (var sub : verb.getValue().getSubcommands().entrySet()) { // aliases too (volume list)
                CliRun r = CliRun.of(verb.getKey(), sub.getKey(), "--help");
                assertThat(r.exit()).as("ingot %s %s --help: %s", verb.getKey(), sub.getKey(), r.err()).isZero();
                assertThat(r.out()).contains("Usage: ingot " + verb.getKey() + " " + sub.getValue().getCommandName());
            }
        }
    }

    @Test
    void bare_printsUsageToStderrAndExits2() {
        CliRun r = CliRun.of();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: ingot").contains("Commands:").contains("run").contains("ps");
    }

    @Test
    void unknownVerb_oneLineWithARealHint() {
        CliRun r = CliRun.of("bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ingot: unknown command 'bogus' (see ingot --help)\n");
    }

    @Test
    void badTopLevelFlag_hintNamesIngotOnce() {
        CliRun r = CliRun.of("--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ingot: Unknown option: '--bogus' (see ingot --help)\n");
    }

    @Test
    void badVerbFlag_hintNamesTheVerb() {
        CliRun r = CliRun.of("ps", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ingot: Unknown option: '--bogus' (see ingot ps --help)\n");
    }

    /** docs/cli.md: a bad flag value is exit 2 (usage), one line, before any image work. */
    @Test
    void badFlagValues_exit2WithOneLine() {
        String[][] cases = {
                {"run", "-p", "99999", "prog"}, {"run", "-p", "abc", "prog"}, {"run", "-p", "8080/sctp", "prog"},
                {"serve", "-p", "0", "prog"}, {"run", "--kernel", "bogus", "prog"}, {"build", "--kernel", "bsd", "prog"},
                {"run", "-m", "12Q", "prog"}, {"run", "--cpus", "0", "prog"}, {"run", "--accel", "foo", "prog"},
                {"run", "-e", "=x", "prog"}, {"run", "-v", "bad", "prog"}, {"stop", "-t", "-1", "e1"},
                {"serve", "--max", "0", "prog"}, {"serve", "-p", "8080", "-e", "=x", "prog"},
                {"serve", "-p", "8080", "--kernel", "bsd", "prog"}};
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as("ingot %s: %s", String.join(" ", args), r.err()).isEqualTo(ExitCode.USAGE.code);
            assertThat(r.err()).as("ingot %s", String.join(" ", args)).startsWith("ingot: bad ").hasLineCount(1);
        }
    }

    /** ingot ps lists every instance; docker's -a is taken, and contradicts -r. */
    @Test
    void ps_takesDockersAll_butNotWithRunning() {
        CliRun r = CliRun.of("ps", "-a", "-r");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code);
        assertThat(r.err()).isEqualTo("ingot: -a (all instances) and -r (running only) contradict: give one\n");
        assertThat(Ingot.commandLine().getSubcommands().get("ps").getCommandSpec().findOption("-a")).isNotNull();
    }
}
