package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real CLI's help: every verb answers --help and -h; a bare `ingot` shows the usage. */
class HelpTest {
    @TempDir Path home;

    /** The verbs `ingot --help` lists, so a new verb is covered without editing this test. */
    private List<String> verbs() throws Exception {
        IngotProcess.Result r = new IngotProcess(home).run("--help");
        assertThat(r.exit()).isZero();
        List<String> out = new ArrayList<>();
        boolean inCommands = false;
        for (String line : r.out().lines().toList()) {
            if (line.equals("Commands:")) inCommands = true;
            else if (inCommands && line.startsWith("   ")) continue; // a long description's next line
            else if (inCommands && line.startsWith("  ")) out.add(line.trim().split("\\s+")[0]);
            else inCommands = false;
        }
        return out;
    }

    @Test
    void everyVerb_helpAndH_printUsageAndExit0() throws Exception {
        List<String> verbs = verbs();
        assertThat(verbs).contains("run", "serve", "build", "ps", "logs", "stop", "rm", "images", "inspect", "rmi", "version");
        for (String verb : verbs) {
            for (String flag : new String[]{"--help", "-h"}) {
                IngotProcess.Result r = new IngotProcess(home).run(verb, flag);
                assertThat(r.exit()).as("ingot %s %s: %s", verb, flag, r.err()).isZero();
                assertThat(r.out()).as("ingot %s %s", verb, flag).contains("Usage: ingot " + verb + " ");
            }
        }
    }

    @Test
    void bareIngot_usageOnStderrExit2() throws Exception {
        IngotProcess.Result r = new IngotProcess(home).run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: ingot").contains("Commands:");
    }

    @Test
    void unknownVerb_hintIsARealCommand() throws Exception {
        IngotProcess.Result r = new IngotProcess(home).run("bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ingot: unknown command 'bogus' (see ingot --help)\n");
        assertThat(new IngotProcess(home).run("logs", "nope").err())
                .isEqualTo("ingot: instance not found: nope (see ingot ps)\n");
    }
}
