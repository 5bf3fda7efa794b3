package dev.ingot.core.instance;

import dev.ingot.core.ConflictException;
import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.UsageException;
import dev.ingot.core.store.StoreLock;
import dev.ingot.core.util.RandomHex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Instances on disk under instances/ID, found by ID, ID prefix or name.
 * Creating one checks its name and makes its folder under an exclusive lock
 * (instances/.lock), so two concurrent runs can never take the same name.
 */
public final class InstanceStore {
    static final String STATE = "state.json";
    private final Path root;

    public InstanceStore(Path root) {
        this.root = root;
    }

    /** A fresh ID (12 hex digits, like a short Docker ID). */
    public static String newId() {
        return RandomHex.of(6);
    }

    public Path dirFor(String id) {
        return root.resolve(id);
    }

    /** Creates the instance, or fails if its name is taken; atomic against concurrent creates. */
    public Instance create(InstanceState state) throws IngotException {
        Path dir = dirFor(state.id());
        try (StoreLock lock = StoreLock.exclusive(root.resolve(".lock"))) {
            if (nameTaken(state.name())) throw taken(state.name());
            Files.createDirectories(dir);
            Instance instance = new Instance(dir, state);
            save(instance);
            return instance;
        } catch (IOException e) {
            throw new IngotException("cannot create instance folder " + dir + ": " + e.getMessage());
        }
    }

    public static ConflictException taken(String name) {
        return new ConflictException("instance name " + name + " is taken: choose another, or ingot rm " + name);
    }

    public void save(Instance instance) throws IngotException {
        try {
            Path tmp = instance.dir().resolve(STATE + ".tmp");
            Files.write(tmp, InstanceStateJson.bytes(instance.state()));
            Files.move(tmp, instance.dir().resolve(STATE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IngotException("cannot save instance " + instance.state().id() + ": " + e.getMessage());
        }
    }

    /** One state.json; a file that is not one becomes an error naming it. */
    static InstanceState read(Path state) throws IOException, DamagedFileException {
        byte[] bytes = Files.readAllBytes(state);
        try {
            return InstanceStateJson.parse(bytes);
        } catch (IOException e) {
            throw new DamagedFileException(state, "instance state", e);
        }
    }

    /** What a listing found: the readable instances, newest first, and the state files that are damaged. */
    public record Listing(List<Instance> instances, List<DamagedFileException> damaged) {}

    public Listing scan() throws IngotException {
        List<Instance> out = new ArrayList<>();
        List<DamagedFileException> damaged = new ArrayList<>();
        if (!Files.isDirectory(root)) return new Listing(out, damaged);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                Path state = d.resolve(STATE);
                try {
                    out.add(new Instance(d, read(state)));
                } catch (NoSuchFileException e) {
                    // being created or removed right now
                } catch (DamagedFileException e) {
                    damaged.add(e);
                } catch (IOException e) {
                    damaged.add(new DamagedFileException(state, "instance state", e));
                }
            }
        } catch (IOException e) {
            throw new IngotException("cannot list instances in " + root + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing((Instance i) -> i.state().started()).reversed());
        return new Listing(out, damaged);
    }

    public List<Instance> list() throws IngotException {
        return scan().instances();
    }

    /** By exact name, exact ID, or unique ID prefix; a damaged state file with that ID is an error naming it. */
    public Instance find(String ref) throws IngotException {
        Listing listing = scan();
        for (Instance i : listing.instances()) if (i.state().name().equals(ref) || i.state().id().equals(ref)) return i;
        for (DamagedFileException d : listing.damaged()) {
            if (d.file().getParent().getFileName().toString().equals(ref)) throw d;
        }
        List<Instance> prefixed = listing.instances().stream().filter(i -> i.state().id().startsWith(ref)).toList();
        if (prefixed.size() == 1) return prefixed.getFirst();
        if (prefixed.size() > 1) throw new UsageException("instance ID prefix '" + ref + "' is ambiguous: give more of it");
        throw new NotFoundException("instance not found: " + ref + " (see ingot ps)");
    }

    public boolean nameTaken(String name) throws IngotException {
        return list().stream().anyMatch(i -> i.state().name().equals(name));
    }

    /** Removes the instance's folder; removing one that is already gone is not an error. */
    public void remove(Instance instance) throws IngotException {
        if (!Files.exists(instance.dir())) return;
        try (Stream<Path> walk = Files.walk(instance.dir())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (NoSuchFileException | UncheckedIOException e) {
            // removed concurrently (a Ctrl-C hook and the main thread both clean up)
        } catch (IOException e) {
            throw new IngotException("cannot remove instance " + instance.state().name() + ": " + e.getMessage());
        }
    }
}
