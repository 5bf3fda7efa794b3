package dev.ingot.core.java;

import java.util.ArrayList;
import java.util.List;

/** Layering of Java settings: a config file's, then the flags', each field replacing the one below when given. */
public final class JavaApps {
    private JavaApps() {
    }

    /** @return upper over lower field by field; jvmArgs and modules add up, lower's first */
    public static JavaApp merge(JavaApp lower, JavaApp upper) {
        if (lower == null) return upper;
        if (upper == null) return lower;
        List<String> jvmArgs = new ArrayList<>(lower.jvmArgs());
        jvmArgs.addAll(upper.jvmArgs());
        List<String> modules = new ArrayList<>(lower.modules());
        modules.addAll(upper.modules());
        return new JavaApp(upper.jar() != null ? upper.jar() : lower.jar(),
                upper.mainClass() != null ? upper.mainClass() : lower.mainClass(),
                !upper.classPath().isEmpty() ? upper.classPath() : lower.classPath(),
                jvmArgs, modules,
                upper.javaHome() != null ? upper.javaHome() : lower.javaHome(),
                upper.train() != null ? upper.train() : lower.train());
    }
}
