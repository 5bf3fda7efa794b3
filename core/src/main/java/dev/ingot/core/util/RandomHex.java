package dev.ingot.core.util;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random hex digits for names that must not collide (instance IDs, staging
 * folders), read from /dev/urandom: the source SecureRandom's default uses
 * here too, without setting up the security providers first, which took
 * about 100 ms of every `ingot run` on this machine. SecureRandom remains
 * the fallback where /dev/urandom cannot be read.
 */
public final class RandomHex {
    private RandomHex() {
    }

    /** 2 × bytes hex digits. */
    public static String of(int bytes) {
        byte[] b = new byte[bytes];
        if (!fromUrandom(b)) Fallback.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static boolean fromUrandom(byte[] b) {
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            return in.readNBytes(b, 0, b.length) == b.length;
        } catch (IOException e) {
            return false;
        }
    }

    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
