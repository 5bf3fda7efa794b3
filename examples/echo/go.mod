module ingot.example/echo

go 1.19
