// copyecho is the most common Go echo server: io.Copy(conn, conn) per
// connection. Between two TCP connections Go's io.Copy splices through a
// pipe (TCPConn.ReadFrom), so this needs splice(2); on ENOSYS Go closes
// the connection. Usage: copyecho [ADDR] (default :8080); the network
// "tcp" (dual-stack on an IPv6 kernel) unless ADDR starts with "tcp4:" or
// "tcp6:".
package main

import (
	"io"
	"log"
	"net"
	"os"
	"strings"
)

func main() {
	network, addr := "tcp", ":8080"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	if i := strings.Index(addr, ":"); i > 0 && strings.HasPrefix(addr, "tcp") {
		network, addr = addr[:i], addr[i+1:]
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		log.Fatalf("listen %s %s: %v", network, addr, err)
	}
	log.SetFlags(0)
	log.Printf("listening on %s %s", network, ln.Addr())
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Printf("accept: %v", err)
			continue
		}
		go func(c net.Conn) {
			defer c.Close()
			if _, err := io.Copy(c, c); err != nil {
				log.Printf("copy from %s: %v", c.RemoteAddr(), err)
			}
		}(conn)
	}
}
