package dev.ingot.maven;

import org.apache.maven.plugin.logging.Log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Ingot's progress lines into Maven's log, one info line each. */
final class LogStream extends OutputStream {
    private final Log log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogStream(Log log) {
        this.log = log;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public void flush() {
        // Lines are logged when complete; a partial status line waits for its newline.
    }

    @Override
    public void close() {
        flushLine();
    }

    private void flushLine() {
        if (line.size() > 0) log.info(line.toString(StandardCharsets.UTF_8));
        line.reset();
    }
}
