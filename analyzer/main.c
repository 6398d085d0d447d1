#include <stdio.h>
int main(void) { puts("aiready: under construction"); return 0; }
