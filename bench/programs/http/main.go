// http: the smallest static HTTP server, so wrk can compare the same program
// on the host, on --kernel linux and on --kernel native. Fixed 13-byte body:
// we measure the stack and the kernel, not the handler.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	addr := ":8080"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	body := []byte("hello, world\n")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
	log.SetFlags(0)
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
