package dev.ingot.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real curl, as a user checks a server: bodies on stdout, the -v log on stderr. */
final class Curl {
    private Curl() {
    }

    static String body(String... args) throws Exception {
        return withLog(args)[0];
    }

    static String[] withLog(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var err = p.getErrorStream();
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        String[] log = new String[1];
        Thread t = b.start(() -> {
            try {
                log[0] = new String(err.readAllBytes());
            } catch (java.io.IOException e) {
                log[0] = "";
            }
        });
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        t.join();
        return new String[]{out, log[0]};
    }

    /** Polls the URL until it answers with the expected body or the time is up; returns the last body. */
    static String awaitBody(String url, String expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = body("-s", "--max-time", "5", url);
            if (last.equals(expected)) return last;
            Thread.sleep(500);
        }
        return last;
    }
}
