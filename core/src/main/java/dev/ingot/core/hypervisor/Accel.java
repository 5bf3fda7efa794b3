package dev.ingot.core.hypervisor;

import dev.ingot.core.IngotException;

/** The CPU accelerator QEMU uses. AUTO is resolved by {@link AccelDetector}. */
public enum Accel {
    AUTO, KVM, TCG;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static Accel parse(String text) throws IngotException {
        for (Accel a : values()) if (a.id().equals(text)) return a;
        throw new IngotException("bad --accel '" + text + "': use auto, kvm or tcg", 2, null);
    }

    /** The JSON form is {@link #id()}; an unknown value is an error, never a default. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Accel fromId(String id) {
        for (Accel v : values()) if (v.id().equals(id)) return v;
        throw new IllegalArgumentException("unknown accel '" + id + "'");
    }
}
