package dev.ingot.core.instance;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.Json;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Instances on disk under instances/ID, found by ID, ID prefix or name. */
public final class InstanceStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path root;

    public InstanceStore(Path root) {
        this.root = root;
    }

    /** A fresh ID (12 hex digits, like a short Docker ID). */
    public static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Path dirFor(String id) {
        return root.resolve(id);
    }

    public Instance create(InstanceState state) throws IngotException {
        Path dir = dirFor(state.id());
        try {
            Files.createDirectories(dir);
            save(new Instance(dir, state));
            return new Instance(dir, state);
        } catch (IOException e) {
            throw new IngotException("cannot create instance folder " + dir + ": " + e.getMessage());
        }
    }

    public void save(Instance instance) throws IngotException {
        try {
            Path tmp = instance.dir().resolve("state.json.tmp");
            Json.MAPPER.writeValue(tmp.toFile(), instance.state());
            Files.move(tmp, instance.dir().resolve("state.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IngotException("cannot save instance " + instance.state().id() + ": " + e.getMessage());
        }
    }

    public List<Instance> list() throws IngotException {
        List<Instance> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                Path state = d.resolve("state.json");
                if (!Files.isRegularFile(state)) continue;
                try {
                    out.add(new Instance(d, Json.MAPPER.readValue(state.toFile(), InstanceState.class)));
                } catch (IOException e) {
                    // a damaged state file: skip it rather than fail every listing
                }
            }
        } catch (IOException e) {
            throw new IngotException("cannot list instances in " + root + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing((Instance i) -> i.state().started()).reversed());
        return out;
    }

    /** By exact name, exact ID, or unique ID prefix. */
    public Instance find(String ref) throws IngotException {
        List<Instance> all = list();
        for (Instance i : all) if (i.state().name().equals(ref) || i.state().id().equals(ref)) return i;
        List<Instance> prefixed = all.stream().filter(i -> i.state().id().startsWith(ref)).toList();
        if (prefixed.size() == 1) return prefixed.getFirst();
        if (prefixed.size() > 1) throw new IngotException("instance ID prefix '" + ref + "' is ambiguous: give more of it");
        throw new IngotException("instance not found: " + ref + " (see ingot ps)");
    }

    public boolean nameTaken(String name) throws IngotException {
        return list().stream().anyMatch(i -> i.state().name().equals(name));
    }

    public void remove(Instance instance) throws IngotException {
        try (Stream<Path> walk = Files.walk(instance.dir())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new IngotException("cannot remove instance " + instance.state().name() + ": " + e.getMessage());
        }
    }
}
