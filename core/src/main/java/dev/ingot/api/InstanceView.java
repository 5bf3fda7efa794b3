package dev.ingot.api;

import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceState;
import dev.ingot.core.instance.InstanceStatus;

import java.nio.file.Path;

/** An instance as listed: what it was started with and what it is doing now. */
public record InstanceView(InstanceState state, InstanceStatus status, Path dir) {
    static InstanceView of(Instance i) {
        return new InstanceView(i.state(), i.status(), i.dir());
    }
}
