/* dns.c — name resolution as programs do it: getaddrinfo over
 * /etc/hosts (files) and QEMU's DNS at 10.0.2.3 via /etc/resolv.conf
 * (UDP from user space). argv[1..]: names to resolve; prints NAME ADDR
 * or NAME error. Exits 0 if every name resolved. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
		int r = getaddrinfo(argv[i], "80", &hints, &res);
		if (r) {
			printf("%s error: %s\n", argv[i], gai_strerror(r));
			bad++;
			continue;
		}
		char ip[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, ip, sizeof ip);
		printf("%s %s\n", argv[i], ip);
		freeaddrinfo(res);
	}
	return bad ? 10 : 0;
}
