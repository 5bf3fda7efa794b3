package dev.ingot.core.spec;

import dev.ingot.core.IngotException;

/** Which kernel an image boots: a specialised Linux, or Ingot's own. */
public enum KernelKind {
    LINUX, NATIVE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static KernelKind parse(String text, String where) throws IngotException {
        for (KernelKind k : values()) {
            if (k.id().equals(text)) return k;
        }
        throw new IngotException("bad kernel '" + text + "' in " + where + ": use linux or native");
    }

    /** The JSON form is {@link #id()}; an unknown value is an error, never a default. */
    @com.fasterxml.jackson.annotation.JsonCreator
    static KernelKind fromId(String id) {
        for (KernelKind v : values()) if (v.id().equals(id)) return v;
        throw new IllegalArgumentException("unknown kernelkind '" + id + "'");
    }
}
