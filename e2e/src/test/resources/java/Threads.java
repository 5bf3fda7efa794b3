import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the JVM asks of a kernel beyond hello: 40 threads, garbage
 * collections (safepoints: the JVM stops threads through a polling page
 * that faults), and NullPointerExceptions from compiled code, where the JIT
 * leaves the null check to the hardware and turns the SIGSEGV into the exception.
 */
public class Threads {
    static final class Box {
        int value;
    }

    static int read(Box b) {
        return b.value; // compiled with an implicit null check: a null b faults
    }

    public static void main(String[] args) throws Exception {
        AtomicLong npes = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            Thread th = new Thread(() -> {
                Box box = new Box();
                box.value = 1;
                long local = 0;
                for (int i = 0; i < 200_000; i++) {
                    Box b = (i % 1000 == 999) ? null : box;
                    try {
                        local += read(b);
                    } catch (NullPointerException e) {
                        npes.incrementAndGet();
                    }
                    if (i % 50_000 == 0) {
                        byte[][] garbage = new byte[64][];
                        for (int g = 0; g < garbage.length; g++) garbage[g] = new byte[4096];
                    }
                }
                sum.addAndGet(local);
            });
            threads.add(th);
            th.start();
        }
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        for (Thread th : threads) th.join();
        System.out.println("threads 40 sum " + sum.get() + " npes " + npes.get());
    }
}
