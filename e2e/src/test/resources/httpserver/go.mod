module ingot.dev/httpserver

go 1.19
