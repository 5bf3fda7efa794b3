#!/bin/sh
# gen-ksyms.sh KERNEL.elf > ksyms.S — turns `nm -n` text symbols into the
# sorted table lib/panic.c searches. With no argument, emits an empty table
# (first link pass).
set -e
echo '	.section .ksyms, "a"'
echo '	.globl ksyms_count, ksyms_addrs, ksyms_offs, ksyms_strs'
echo '	.balign 8'
if [ -z "$1" ]; then
	printf 'ksyms_count: .quad 0\nksyms_addrs:\nksyms_offs:\nksyms_strs: .byte 0\n'
	exit 0
fi
nm -n "$1" | awk 'BEGIN { n = 0 } $2 ~ /^[tTW]$/ { a[n] = $1; s[n] = $3; n++ }
END {
	printf "ksyms_count: .quad %d\nksyms_addrs:\n", n
	for (i = 0; i < n; i++) printf "\t.quad 0x%s\n", a[i]
	printf "ksyms_offs:\n"
	off = 0
	for (i = 0; i < n; i++) { printf "\t.long %d\n", off; off += length(s[i]) + 1 }
	printf "ksyms_strs:\n"
	for (i = 0; i < n; i++) printf "\t.asciz \"%s\"\n", s[i]
}'
