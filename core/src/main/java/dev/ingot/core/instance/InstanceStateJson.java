package dev.ingot.core.instance;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.image.ManifestReader;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.store.Digest;
import dev.ingot.core.util.JsonReader;
import dev.ingot.core.util.JsonStream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;


/**
 * state.json with Jackson's streaming generator and {@link JsonReader}: every `ingot run`
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
        return JsonReader.parse(bytes, InstanceStateJson::state);
    }

    private static InstanceState state(JsonReader p) throws IOException {
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
        p.object((name, v) -> {
            switch (name) {
                case "schemaVersion" -> f.schemaVersion = v.intValue();
                case "id" -> f.id = v.string();
                case "name" -> f.name = v.string();
                case "image" -> f.image = v.string();
                case "imageDigest" -> f.imageDigest = ManifestReader.digest(v);
                case "kernel" -> f.kernel = ManifestReader.kernel(v);
                case "ports" -> f.ports = v.list(ManifestReader::port);
                case "pid" -> f.pid = v.longValue();
                case "started" -> f.started = v.instant();
                case "memoryBytes" -> f.memoryBytes = v.longValue();
                case "cpus" -> f.cpus = v.intValue();
                case "accel" -> f.accel = accel(v);
                case "removeOnExit" -> f.removeOnExit = v.booleanValue();
                case "command" -> f.command = v.list(JsonReader::string);
                default -> v.skip();
            }
        });
        try {
            return new InstanceState(f.schemaVersion, f.id, f.name, f.image, f.imageDigest, f.kernel, f.ports, f.pid,
                    f.started, f.memoryBytes, f.cpus, f.accel, f.removeOnExit, f.command);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }

    private static Accel accel(JsonReader p) throws IOException {
        String text = p.string();
        try {
            return text == null ? null : Accel.fromId(text);
        } catch (RuntimeException e) {
            throw JsonStream.refused(e);
        }
    }
}
