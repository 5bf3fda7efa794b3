// A small net/http server for the end-to-end tests: GET /hello answers a
// fixed greeting, GET /echo?msg=X answers X, anything else 404.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from ingot")
	})
	http.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.URL.Query().Get("msg"))
	})
	fmt.Println("serving on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
