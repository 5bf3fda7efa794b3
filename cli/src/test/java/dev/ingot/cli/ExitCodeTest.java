package dev.ingot.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli.md's exit-code table against the code: the table lists exactly
 * the {@link ExitCode}s, and every status the sources hand to the CLI
 * (IngotException codes, `return N`) is one of them.
 */
class ExitCodeTest {
    private static final Path REPO = Path.of(System.getProperty("ingot.dist", "..")).toAbsolutePath().normalize();
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| `([A-Z_]+)` \\| (.*) \\|$");
    private static final Pattern EXCEPTION_CODE = Pattern.compile(
            "new IngotException\\([^;]*?,\\s*(\\d+),\\s*\\w+\\)\\s*;", Pattern.DOTALL);
    private static final Pattern RETURN_CODE = Pattern.compile("\\breturn (\\d+);|_STATUS = (\\d+);");

    @Test
    void docsTable_isExactlyTheExitCodes_namesAndMeanings() throws IOException {
        Map<Integer, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(REPO.resolve("docs/cli.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) documented.put(Integer.parseInt(m.group(1)), m.group(2) + ": " + m.group(3));
        }
        Map<Integer, String> inCode = new TreeMap<>();
        for (ExitCode c : ExitCode.values()) inCode.put(c.code, c.name() + ": " + c.meaning);
        assertThat(documented).isEqualTo(inCode);
    }

    @Test
    void everyStatusInTheSources_isInTheTable() throws IOException {
        var known = Arrays.stream(ExitCode.values()).map(c -> c.code).collect(Collectors.toSet());
        var used = new TreeSet<Integer>();
        for (Path src : sources()) {
            String text = Files.readString(src);
            Matcher m = EXCEPTION_CODE.matcher(text);
            while (m.find()) used.add(Integer.parseInt(m.group(1)));
            if (src.toString().contains("/cli/")) {
                Matcher r = RETURN_CODE.matcher(text);
                while (r.find()) used.add(Integer.parseInt(r.group(1) != null ? r.group(1) : r.group(2)));
            }
        }
        assertThat(used).as("the scan sees the usage code").contains(2);
        assertThat(known).containsAll(used);
    }

    @Test
    void handlers_mapErrorsToTheirCodes() {
        assertThat(CliRun.of("ps", "--bogus").exit()).isEqualTo(ExitCode.USAGE.code);
        assertThat(CliRun.of().exit()).isEqualTo(ExitCode.USAGE.code);
        assertThat(CliRun.of("version").exit()).isEqualTo(ExitCode.OK.code);
    }

    private static java.util.List<Path> sources() throws IOException {
        java.util.List<Path> out = new java.util.ArrayList<>();
        for (String dir : new String[]{"core/src/main/java", "cli/src/main/java"}) {
            try (Stream<Path> walk = Files.walk(REPO.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            }
        }
        return out;
    }
}
