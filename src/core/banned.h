/*
 * banned.h: functions that must not be used in Hartslag (git's list plus
 * curl's). Included last by every translation unit through util.h, so a
 * call to one of these fails to compile.
 */
#ifndef HARTSLAG_BANNED_H
#define HARTSLAG_BANNED_H

/*
 * glibc defines atoi() inline in <stdlib.h> when optimising, and with
 * _FORTIFY_SOURCE <stdio.h> and <string.h> define sprintf, strcpy and the
 * like inline too: let them be seen before the macros below, whatever
 * order a file includes headers in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef mktemp
#define mktemp(x) BANNED(mktemp)

#endif
