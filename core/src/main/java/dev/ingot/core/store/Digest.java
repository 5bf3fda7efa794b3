package dev.ingot.core.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, written as OCI writes them: {@code sha256:<64 hex>}.
 * Blobs are named by it, and an image is identified by its manifest's digest.
 */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    public static final String PREFIX = "sha256:";

    public Digest {
        if (!HEX.matcher(hex).matches()) throw new IllegalArgumentException("not a sha256 digest: " + hex);
    }

    /** Parses {@code sha256:<hex>} (or bare hex). */
    @JsonCreator
    public static Digest parse(String text) {
        String hex = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        return new Digest(hex);
    }

    /** True for a full {@code sha256:<hex>} or bare 64-hex string. */
    public static boolean looksLike(String text) {
        String hex = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        return HEX.matcher(hex).matches();
    }

    public static Digest of(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first 12 hex digits, as `ingot images` shows an ID. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }
}
