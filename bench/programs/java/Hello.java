/** bench: the smallest Java program that proves the JVM started: one line, exit 0. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello from Java on Ingot");
    }
}
