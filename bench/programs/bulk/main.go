// bulk: one end of the TCP throughput test; the host client (harness/bulk.py)
// is the other. Each connection starts with one command line:
//   "send N\n" -> we write N bytes and close (guest -> host direction)
//   "recv\n"   -> we read until EOF, then reply with the byte count
//                 (host -> guest direction; the reply proves it all arrived)
package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strconv"
	"strings"
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
		c, err := ln.Accept()
		if err != nil {
			continue
		}
		go serve(c)
	}
}

var chunk = make([]byte, 64<<10)

func serve(c net.Conn) {
	defer c.Close()
	in := bufio.NewReader(c)
	line, err := in.ReadString('\n')
	if err != nil {
		return
	}
	f := strings.Fields(line)
	switch {
	case len(f) == 2 && f[0] == "send":
		n, _ := strconv.ParseInt(f[1], 10, 64)
		for n > 0 {
			k := int64(len(chunk))
			if n < k {
				k = n
			}
			w, err := c.Write(chunk[:k])
			if err != nil {
				return
			}
			n -= int64(w)
		}
	case len(f) == 1 && f[0] == "recv":
		n, _ := io.Copy(io.Discard, in)
		fmt.Fprintf(c, "%d\n", n)
	}
}
