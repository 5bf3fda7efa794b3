/* float.c — x87/SSE/AVX state works in ring 3: libm results, a vector
 * loop compiled for AVX2 (run only when the CPU and kernel enable it, and
 * printing the same either way) and the MXCSR default rounding. */
#include <stdio.h>
#include <math.h>
#include <fenv.h>

__attribute__((target("avx2"))) static double dot_avx2(const double *a, const double *b, int n) {
	double s = 0;
	for (int i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static double dot_plain(const double *a, const double *b, int n) {
	double s = 0;
	for (int i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

int main(void) {
	volatile double x = 2.0;
	printf("sqrt(2)=%.9f\n", sqrt(x));
	printf("exp(1)=%.9f log(10)=%.9f\n", exp(x - 1), log(x * 5));
	printf("sin(0.5)=%.6f cos(0.5)=%.6f atan2(1,1)=%.6f\n", sin(x / 4), cos(x / 4), atan2(1, 1));
	printf("pow(2,0.5)=%.9f fmod(7.5,2)=%.1f\n", pow(x, 0.5), fmod(7.5, x));
	volatile long double ld = 1.0L / 3.0L;
	printf("long double 1/3=%.15Lf\n", ld);
	float fa = 0.1f, fb = 0.2f;
	printf("float sum=%.7f\n", fa + fb);
	printf("rounding mode nearest: %s\n", fegetround() == FE_TONEAREST ? "yes" : "no");
	double a[64], b[64];
	for (int i = 0; i < 64; i++) {
		a[i] = i * 0.5;
		b[i] = 64 - i;
	}
	double want = dot_plain(a, b, 64);
	double got = __builtin_cpu_supports("avx2") ? dot_avx2(a, b, 64) : want;
	printf("dot=%.1f vector path agrees: %s\n", want, got == want ? "yes" : "no");
	printf("nan != nan: %s, inf > 1e308: %s\n", NAN != NAN ? "yes" : "no", INFINITY > 1e308 ? "yes" : "no");
	return 0;
}
