package sample;

/** Greets with the environment's GREETING and its arguments. */
public class Greeter {
    public static void main(String[] args) {
        System.out.println(System.getenv("GREETING") + " " + String.join(" ", args));
    }
}
