/*
 * banned.h — turns calls to unsafe C library functions into compile errors.
 * Include it last in every .c file of vigil. The replacements: buf_*
 * (core/buf.h) for building strings, snprintf for bounded formatting,
 * strtol/strtoll with end checks for numbers, gmtime_r for time.
 */
#ifndef VIGIL_CORE_BANNED_H
#define VIGIL_CORE_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_vigil

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)

#endif
