module bench/http

go 1.19
