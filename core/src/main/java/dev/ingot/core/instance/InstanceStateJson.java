package dev.ingot.core.instance;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.image.ManifestReader;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import dev.ingot.core.util.JsonStream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static dev.ingot.core.util.JsonStream.booleanValue;
import static dev.ingot.core.util.JsonStream.intValue;
import static dev.ingot.core.util.JsonStream.list;
import static dev.ingot.core.util.JsonStream.longValue;
import static dev.ingot.core.util.JsonStream.object;
import static dev.ingot.core.util.JsonStream.string;

/**
 * state.json with the streaming parser and generator: every `ingot run`
 * writes one and reads the others (names must be unique), every `ingot ps`
 * reads them all. The bytes are those the object mapper writes for the
 * record, and it reads what the mapper reads (InstanceStateJsonTest holds
 * them equal), without the mapper's set-up on the path of each start.
 */
final class InstanceStateJson {
    private InstanceStateJson() {
    }

    static byte[] bytes(InstanceState s) {
        return JsonStream.bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", s.schemaVersion());
            g.writeStringField("id", s.id());
            g.writeStringField("name", s.name());
            g.writeStringField("image", s.image());
            g.writeStringField("imageDigest", s.imageDigest().toString());
            g.writeStringField("kernel", s.kernel().id());
            g.writeArrayFieldStart("ports");
            for (PortForward p : s.ports()) port(g, p);
            g.writeEndArray();
            g.writeNumberField("pid", s.pid());
            g.writeStringField("started", s.started().toString());
            g.writeNumberField("memoryBytes", s.memoryBytes());
            g.writeNumberField("cpus", s.cpus());
            g.writeStringField("accel", s.accel().id());
            g.writeBooleanField("removeOnExit", s.removeOnExit());
            JsonStream.strings(g, "command", s.command());
            g.writeEndObject();
        });
    }

    private static void port(JsonGenerator g, PortForward p) throws IOException {
        g.writeStartObject();
        g.writeStringField("hostAddress", p.hostAddress());
        g.writeNumberField("hostPort", p.hostPort());
        g.writeNumberField("guestPort", p.guestPort());
        g.writeStringField("protocol", p.protocol());
        g.writeEndObject();
    }

    static InstanceState parse(byte[] bytes) throws IOException {
        return JsonStream.parse(bytes, InstanceStateJson::state);
    }

    private static InstanceState state(JsonParser p) throws IOException {
        var f = new Object() {
            int schemaVersion, cpus;
            String id, name, image;
            Digest imageDigest;
            KernelKind kernel;
            List<PortForward> ports;
            long pid, memoryBytes;
            Instant started;
            Accel accel;
            boolean removeOnExit;
            List<String> command;
        };
        object(p, (name, v) -> {
            switch (name) {
                case "schemaVersion" -> f.schemaVersion = intValue(v);
                case "id" -> f.id = string(v);
                case "name" -> f.name = string(v);
                case "image" -> f.image = string(v);
                case "imageDigest" -> f.imageDigest = ManifestReader.digest(v);
                case "kernel" -> f.kernel = ManifestReader.kernel(v);
                case "ports" -> f.ports = list(v, ManifestReader::port);
                case "pid" -> f.pid = longValue(v);
                case "started" -> f.started = JsonStream.instant(v);
                case "memoryBytes" -> f.memoryBytes = longValue(v);
                case "cpus" -> f.cpus = intValue(v);
                case "accel" -> f.accel = accel(v);
                case "removeOnExit" -> f.removeOnExit = booleanValue(v);
                case "command" -> f.command = list(v, JsonStream::string);
                default -> JsonStream.skip(v);
            }
        });
        try {
            return new InstanceState(f.schemaVersion, f.id, f.name, f.image, f.imageDigest, f.kernel, f.ports, f.pid,
                    f.started, f.memoryBytes, f.cpus, f.accel, f.removeOnExit, f.command);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static Accel accel(JsonParser p) throws IOException {
        String text = string(p);
        try {
            return text == null ? null : Accel.fromId(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }
}
