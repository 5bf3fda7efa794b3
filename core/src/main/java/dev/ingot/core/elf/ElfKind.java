package dev.ingot.core.elf;

/** How a program is linked, which decides what the image must carry. */
public enum ElfKind {
    /** ET_EXEC without an interpreter: loads at fixed addresses, needs nothing else. */
    STATIC,
    /** ET_DYN without an interpreter: relocates itself, loads anywhere. */
    STATIC_PIE,
    /** Has PT_INTERP: needs its ELF interpreter (ld.so) and DT_NEEDED libraries. */
    DYNAMIC;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    /** The JSON form is {@link #id()}; an unknown value is an error, never a default. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ElfKind fromId(String id) {
        for (ElfKind v : values()) if (v.id().equals(id)) return v;
        throw new IllegalArgumentException("unknown elfkind '" + id + "'");
    }
}
