/** Dies of an uncaught exception: the JVM prints the stack trace and exits 1. */
public class Boom {
    public static void main(String[] args) {
        System.out.println("about to fail");
        throw new IllegalStateException("boom from java");
    }
}
