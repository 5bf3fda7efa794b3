/*
 * hello: the smallest Ingot program. It greets, echoes its arguments and
 * shows one environment variable, which is enough to check that the image's
 * argv and env reach the program intact.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	printf("Hello from Ingot!");
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");

	const char *greeting = getenv("GREETING");
	if (greeting)
		printf("GREETING=%s\n", greeting);
	return 0;
}
