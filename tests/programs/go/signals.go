// signals.go — os/signal on Ingot: signal.Notify with signals sent by
// kill(2) to the process and tgkill(2) to one thread, signal.Ignore, and
// a context deadline racing a slow goroutine. Output is deterministic.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1, syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	fmt.Println("kill:", <-c)
	syscall.Tgkill(os.Getpid(), syscall.Gettid(), syscall.SIGUSR2)
	fmt.Println("tgkill:", <-c)

	signal.Ignore(syscall.SIGHUP)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	time.Sleep(10 * time.Millisecond)
	fmt.Println("SIGHUP ignored: still here")

	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
	defer cancel()
	slow := make(chan bool)
	go func() {
		time.Sleep(2 * time.Second)
		close(slow)
	}()
	select {
	case <-ctx.Done():
		fmt.Println("context:", ctx.Err())
	case <-slow:
		fmt.Println("slow goroutine first (wrong)")
	}
	signal.Stop(c)
}
