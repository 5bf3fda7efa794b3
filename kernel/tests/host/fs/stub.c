#include "harness.h"
void test_fd(void){} void test_stat(void){} void test_dev_proc(void){}
