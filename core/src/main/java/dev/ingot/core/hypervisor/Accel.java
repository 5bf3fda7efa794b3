package dev.ingot.core.hypervisor;

import dev.ingot.core.IngotException;

/** The CPU accelerator QEMU uses. AUTO is resolved by {@link AccelDetector}. */
public enum Accel {
    AUTO, KVM, TCG;

    public String id() {
        return name().toLowerCase();
    }

    public static Accel parse(String text) throws IngotException {
        for (Accel a : values()) if (a.id().equals(text)) return a;
        throw new IngotException("bad --accel '" + text + "': use auto, kvm or tcg", 2, null);
    }
}
