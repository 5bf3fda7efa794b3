package dev.ingot.core.serve;

import dev.ingot.core.ConflictException;
import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.UsageException;
import dev.ingot.core.store.StoreLock;
import dev.ingot.core.util.Json;
import dev.ingot.core.util.Names;

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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Services on disk under services/NAME, found by name. Creating one takes
 * its name under an exclusive lock (services/.lock), like instances.
 */
public final class ServiceStore {
    private final Path root;

    public ServiceStore(Path root) {
        this.root = root;
    }

    /** Creates the service's folder with its config, or fails if the name is taken. */
    public Service create(ServiceConfig config) throws IngotException {
        if (!Names.isValid(config.name())) {
            throw new UsageException("bad service name '" + config.name() + "': use letters, digits, '.', '_' and '-'");
        }
        Path dir = root.resolve(config.name());
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IngotException("cannot create " + root + ": " + e.getMessage());
        }
        try (StoreLock lock = StoreLock.exclusive(root.resolve(".lock"))) {
            if (Files.exists(dir)) {
                throw new ConflictException("service name " + config.name() + " is taken: choose another with --name, or ingot rm "
                        + config.name());
            }
            Files.createDirectories(dir);
            Service service = new Service(dir, config, Optional.empty());
            writeAtomically(service.configFile(), Json.bytes(config));
            return service;
        } catch (IOException e) {
            throw new IngotException("cannot create service folder " + dir + ": " + e.getMessage());
        }
    }

    public void saveStatus(Service service, ServiceStatus status) throws IOException {
        writeAtomically(service.statusFile(), Json.bytes(status));
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What a listing found: the readable services by name, and the damaged ones. */
    public record Listing(List<Service> services, List<DamagedFileException> damaged) {}

    public Listing scan() throws IngotException {
        List<Service> out = new ArrayList<>();
        List<DamagedFileException> damaged = new ArrayList<>();
        if (!Files.isDirectory(root)) return new Listing(out, damaged);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                try {
                    out.add(load(d));
                } catch (NoSuchFileException e) {
                    // being created or removed right now
                } catch (DamagedFileException e) {
                    damaged.add(e);
                } catch (IOException e) {
                    damaged.add(new DamagedFileException(d.resolve("service.json"), "service config", e));
                }
            }
        } catch (IOException e) {
            throw new IngotException("cannot list services in " + root + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(s -> s.config().name()));
        return new Listing(out, damaged);
    }

    private static Service load(Path dir) throws IOException, DamagedFileException {
        ServiceConfig config = Json.read(dir.resolve("service.json"), ServiceConfig.class, "service config");
        Optional<ServiceStatus> status = Optional.empty();
        Path statusFile = dir.resolve("status.json");
        if (Files.exists(statusFile)) {
            try {
                status = Optional.of(Json.read(statusFile, ServiceStatus.class, "service status"));
            } catch (NoSuchFileException e) {
                // replaced right now by the supervisor's next write: read as not yet known
            }
        }
        return new Service(dir, config, status);
    }

    public Optional<Service> find(String name) throws IngotException {
        if (!Names.isValid(name)) return Optional.empty();
        Path dir = root.resolve(name);
        if (!Files.isRegularFile(dir.resolve("service.json"))) return Optional.empty();
        try {
            return Optional.of(load(dir));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IngotException("cannot read service " + name + ": " + e.getMessage());
        }
    }

    public Service get(String name) throws IngotException {
        return find(name).orElseThrow(() -> new NotFoundException("service not found: " + name + " (see ingot ps)"));
    }

    /** Re-reads a service's files (its status changes while the supervisor runs). */
    public Service reload(Service service) throws IngotException {
        return get(service.config().name());
    }

    /** Removes the service's folder; one already gone is not an error. */
    public void remove(Service service) throws IngotException {
        if (!Files.exists(service.dir())) return;
        try (Stream<Path> walk = Files.walk(service.dir())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (NoSuchFileException | UncheckedIOException e) {
            // removed concurrently
        } catch (IOException e) {
            throw new IngotException("cannot remove service " + service.config().name() + ": " + e.getMessage());
        }
    }
}
