// hello.go — a Go program exercising the runtime on Ingot: several OS
// threads (GOMAXPROCS goroutines busy at once), channels, a WaitGroup, a
// mutex, timers and time.Sleep, and preemption of a goroutine that never
// yields (Go sends SIGURG with tgkill). Output is deterministic.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, results chan<- [2]int, wg *sync.WaitGroup) {
	defer wg.Done()
	for n := range jobs {
		sum := 0
		for i := 1; i <= n; i++ {
			sum += i * i
		}
		results <- [2]int{n, sum}
	}
}

func main() {
	fmt.Println("hello from Go", runtime.GOOS, runtime.GOARCH)

	jobs := make(chan int, 100)
	results := make(chan [2]int, 100)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for n := 1; n <= 20; n++ {
		jobs <- n * 1000
	}
	close(jobs)
	wg.Wait()
	close(results)
	var got [][2]int
	for r := range results {
		got = append(got, r)
	}
	sort.Slice(got, func(i, j int) bool { return got[i][0] < got[j][0] })
	fmt.Println("results:", len(got), "first", got[0], "last", got[len(got)-1])

	// Sleeps of different lengths finish in order.
	var mu sync.Mutex
	var order []int
	var sw sync.WaitGroup
	start := time.Now()
	for i := 5; i >= 1; i-- {
		sw.Add(1)
		go func(i int) {
			defer sw.Done()
			time.Sleep(time.Duration(i) * 30 * time.Millisecond)
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}(i)
	}
	sw.Wait()
	el := time.Since(start)
	fmt.Println("sleep order:", order, "took at least 150ms:", el >= 150*time.Millisecond)

	// A goroutine spinning without function calls must be preempted
	// (asynchronous preemption by signal) for the timer below to fire.
	stop := make(chan bool)
	var spins uint64
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			for i := 0; i < 1000000; i++ {
				spins++
			}
		}
	}()
	runtime.GOMAXPROCS(1)
	go func() {
		x := 0
		for i := 0; ; i++ {
			x += i // no calls, no yields: only a signal can preempt this
			if x == -1 {
				break
			}
		}
		fmt.Println(x)
	}()
	t := time.NewTimer(50 * time.Millisecond)
	<-t.C
	close(stop)
	fmt.Println("timer fired while a goroutine spun: true")

	ticker := time.NewTicker(10 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 5 {
			ticker.Stop()
			break
		}
	}
	fmt.Println("ticks:", ticks)
	os.Exit(0)
}
