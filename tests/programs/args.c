/* args.c — prints argc, every argv string and the environment, in order. */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv) {
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)   /* argv[0] differs between hosts */
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not NULL");
	int n = 0;
	for (char **e = environ; *e; e++, n++)
		printf("env[%d]=\"%s\"\n", n, *e);
	printf("envc=%d\n", n);
	return 0;
}
