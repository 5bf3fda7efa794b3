package dev.ingot.core.spec;

import dev.ingot.core.IngotException;

/** Which kernel an image boots: a specialised Linux, or Ingot's own. */
public enum KernelKind {
    LINUX, NATIVE;

    public String id() {
        return name().toLowerCase();
    }

    public static KernelKind parse(String text, String where) throws IngotException {
        for (KernelKind k : values()) {
            if (k.id().equals(text)) return k;
        }
        throw new IngotException("bad kernel '" + text + "' in " + where + ": use linux or native");
    }
}
