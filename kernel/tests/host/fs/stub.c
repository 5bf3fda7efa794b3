#include "harness.h"
void test_stat(void){} void test_dev_proc(void){}
