/** Prints its arguments and an environment variable, then exits with the status its first argument names. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello from java " + String.join(" ", args));
        System.out.println("GREETING=" + System.getenv("GREETING"));
        System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    }
}
