module bench/bulk

go 1.19
