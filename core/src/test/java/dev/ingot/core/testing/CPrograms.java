package dev.ingot.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles small C test subjects with the machine's gcc, so ELF tests use real binaries. */
public final class CPrograms {
    private CPrograms() {
    }

    public static final String HELLO = "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n";

    public static Path compile(Path dir, String name, String source, String... flags) throws IOException {
        Path src = dir.resolve(name + ".c");
        Files.writeString(src, source);
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-o", out.toString(), src.toString()));
        cmd.addAll(List.of(flags));
        run(dir, cmd);
        return out;
    }

    public static void run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static String output(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes());
    }
}
