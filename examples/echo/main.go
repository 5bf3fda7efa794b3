// echo is a TCP echo server: every line a client sends comes straight back.
// It is the smallest useful network program for trying Ingot: build it,
// `ingot run -p 8080 examples/echo/echo`, then `nc 127.0.0.1 8080`.
package main

import (
	"bufio"
	"log"
	"net"
	"os"
)

func main() {
	addr := ":8080"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatalf("listen %s: %v", addr, err)
	}
	log.SetFlags(0)
	log.Printf("listening on %s", addr)
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Printf("accept: %v", err)
			continue
		}
		// One goroutine per connection: a slow client never blocks others.
		go serve(conn)
	}
}

// serve copies lines back until the client hangs up.
func serve(conn net.Conn) {
	defer conn.Close()
	in := bufio.NewReader(conn)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			if _, werr := conn.Write(line); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
