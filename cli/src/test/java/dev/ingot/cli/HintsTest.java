package dev.ingot.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every hint in a user-facing message ("see ingot ps", "or ingot rm NAME",
 * "use rm -f") must name a verb and flags that exist: a hint that fails when
 * typed costs a newcomer more than no hint. Reads the string literals of the
 * core and CLI sources and checks each `ingot VERB [-flag...]` against the
 * real command tree.
 */
class HintsTest {
    private static final Path REPO = Path.of(System.getProperty("ingot.dist", "..")).toAbsolutePath().normalize();
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern HINT = Pattern.compile("\\bingot ([a-z]+)((?: --?[a-zA-Z][a-zA-Z-]*)*)");

    @Test
    void everyHintNamesARealVerbAndRealFlags() throws IOException {
        CommandLine cli = Ingot.commandLine();
        List<String> hints = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Path src : sources()) {
            for (String line : Files.readAllLines(src)) {
                if (line.stripLeading().startsWith("*") || line.stripLeading().startsWith("//")) continue;
                Matcher lit = LITERAL.matcher(line);
                while (lit.find()) {
                    Matcher h = HINT.matcher(lit.group(1));
                    while (h.find()) {
                        hints.add(h.group());
                        String problem = check(cli, h.group(1), h.group(2).trim());
                        if (problem != null) bad.add(src.getFileName() + ": \"" + h.group() + "\": " + problem);
                    }
                }
            }
        }
        assertThat(hints).as("the scan finds the hints it checks").hasSizeGreaterThan(5);
        assertThat(bad).isEmpty();
    }

    @Test
    void check_rejectsWhatDoesNotExist() {
        CommandLine cli = Ingot.commandLine();
        assertThat(check(cli, "ps", "-z")).isNotNull();
        assertThat(check(cli, "ingot", "--help")).isNotNull();
        assertThat(check(cli, "rm", "-f")).isNull();
    }

    /** Null when `ingot VERB FLAGS` exists, else what is wrong. */
    private static String check(CommandLine cli, String verb, String flags) {
        CommandLine sub = cli.getSubcommands().get(verb);
        // "ingot is not built yet", "ingot: ..." in prose are not commands; a verb-like word that is not one is.
        if (sub == null) return PROSE.contains(verb) ? null : "no verb '" + verb + "'";
        for (String flag : flags.isEmpty() ? new String[0] : flags.split(" ")) {
            if (sub.getCommandSpec().findOption(flag) == null) return "ingot " + verb + " has no option " + flag;
        }
        return null;
    }

    /** English words that follow "ingot " in messages without naming a verb. */
    private static final List<String> PROSE = List.of("is", "has", "needs", "uses", "runs", "can", "cannot", "does",
            "kernel", "home", "image");

    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : new String[]{"core/src/main/java", "cli/src/main/java"}) {
            try (Stream<Path> walk = Files.walk(REPO.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            }
        }
        return out;
    }
}
