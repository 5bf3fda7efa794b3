package dev.ingot.core;

/**
 * The host's copy of the host &lt;-&gt; guest contract (docs/boot-protocol.md).
 * The source of truth is the C header kernel/include/ingot/abi.h, which
 * both guests compile in (the native kernel and the Linux init shim): each
 * constant here is its {@code INGOT_<NAME>} without the prefix, with the
 * same value, and GuestAbiTest fails when either side changes alone.
 * Everything in the toolchain that speaks to a guest takes its ports,
 * paths, command-line words and statuses from here.
 */
public final class GuestAbi {
    /** Bumped when an existing image or guest could not follow a change. */
    public static final int ABI_VERSION = 1;

    /** COM1: the console, the program's stdout and stderr. */
    public static final int CONSOLE_PORT = 0x3f8;
    public static final int CONSOLE_IRQ = 4;
    /** COM2: the control channel, nothing but the exit record. */
    public static final int CONTROL_PORT = 0x2f8;
    public static final int CONTROL_IRQ = 3;
    /** isa-debug-exit: a guest's write of S ends QEMU with (S &lt;&lt; 1) | 1. */
    public static final int SIGNAL_PORT = 0x3e8;
    public static final int SIGNAL_IRQ = 13;
    public static final String SIGNAL_PREFIX = "ingot-signal ";
    public static final int DEBUG_EXIT_PORT = 0xf4;
    public static final int DEBUG_EXIT_SIZE = 4;

    /** The exit record on COM2 is this, the status S in decimal, and a newline. */
    public static final String EXIT_RECORD_PREFIX = "ingot-exit ";
    public static final int STATUS_INIT_FAILED = 126;
    public static final int STATUS_NOT_RUN = 127;
    /** A program killed by signal N exits with this + N. */
    public static final int STATUS_SIGNAL_BASE = 128;
    /** Every line a guest itself prints on the console starts with this. */
    public static final String DIAG_PREFIX = "ingot: ";

    public static final String ARGV_PATH = "/.ingot/argv";
    public static final String ENV_PATH = "/.ingot/env";
    public static final String CWD_PATH = "/.ingot/cwd";
    public static final String LINUX_INIT_PATH = "/init";

    public static final String CMDLINE_IP = "ingot.ip=";
    public static final String CMDLINE_GW = "ingot.gw=";
    public static final String CMDLINE_DHCP = "ingot.dhcp=1";
    public static final String CMDLINE_TRACE = "ingot.trace=1";
    public static final String CMDLINE_NO_ASLR = "ingot.aslr=0";
    public static final String CMDLINE_DEBUG = "ingot.debug=1";
    public static final String CMDLINE_NO_VDSO = "ingot.vdso=0";
    public static final String CMDLINE_BLKTEST = "ingot.blktest=1";
    public static final String CMDLINE_MISSING = "ingot.missing=1";
    public static final String CMDLINE_VOLUMES = "ingot.volumes=";

    public static final String VOLUME_SERIAL = "vol";
    public static final int MAX_VOLUMES = 4;

    /** ingot.missing=1: the exit-time line per path not found, and the limits both guests keep. */
    public static final String MISSING_LINE = "ingot: missing-file ";
    public static final int MISSING_MAX = 64;
    public static final int MISSING_PATH = 256;

    /** QEMU user networking: the guest's address, gateway and DNS server. */
    public static final String DEFAULT_IP = "10.0.2.15";
    public static final int DEFAULT_PREFIX = 24;
    public static final String DEFAULT_GW = "10.0.2.2";
    public static final String DEFAULT_DNS = "10.0.2.3";

    private GuestAbi() {
    }
}
