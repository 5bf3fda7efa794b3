// gc.go — the Go garbage collector under load: GOMAXPROCS(4) Ms on one
// CPU, 16 goroutines allocating linked lists, channels between them.
// Exercises futex sleeps/wakes between Ms, preemption signals during GC,
// and per-thread signal stacks. Output is deterministic.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type node struct {
	next *node
	buf  [64]byte
}

func main() {
	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var head *node
			n := 0
			for i := 0; i < 200000; i++ {
				head = &node{next: head}
				if i%1000 == 0 {
					head = nil
				}
				n++
			}
			ch := make(chan int)
			go func() { ch <- n }()
			v := <-ch
			mu.Lock()
			total += v
			mu.Unlock()
		}()
	}
	wg.Wait()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("allocated nodes:", total, "collector ran:", ms.NumGC > 0)
}
