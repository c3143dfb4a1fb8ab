/*
 * limits.h — every size and count limit of vigil, in one place. Checked
 * before the work they guard. Changing one is a product decision: the
 * docs (docs/limits.md) list them with their reasons.
 */
#ifndef VIGIL_CORE_LIMITS_H
#define VIGIL_CORE_LIMITS_H

/* people */
#define LIM_LOGIN_MAX 64          /* bytes in a login */
#define LIM_NAME_MAX 200          /* bytes in a display name */
#define LIM_EMAIL_MAX 254         /* RFC 5321 path limit */

/* issues and text */
#define LIM_TITLE_MAX 200         /* bytes in an issue title */
#define LIM_DESCRIPTION_MAX 65536 /* bytes in a description */
#define LIM_COMMENT_MAX 65536     /* bytes in a comment */
#define LIM_REASON_MAX 2000       /* bytes in a reason (grant, move, retire...) */
#define LIM_VERSION_MAX 64        /* bytes in a version or release name */
#define LIM_URL_MAX 2048          /* bytes in a URL */
#define LIM_BRANCH_MAX 200        /* bytes in a branch name */
#define LIM_SUBSYSTEM_MAX 100     /* bytes in a subsystem name */
#define LIM_GLOB_MAX 500          /* bytes in a path glob */
#define LIM_GLOBS_PER_SUBSYSTEM 64
#define LIM_PEOPLE_PER_LIST 64    /* maintainers, managers, attendees */
#define LIM_CVSS_MAX 256          /* bytes in a CVSS vector */
#define LIM_SEARCH_MAX 200        /* bytes in a search string */

/* attachments */
#define LIM_ATTACHMENT_MAX (10 * 1024 * 1024) /* bytes in one attachment */
#define LIM_FILENAME_MAX 255

/* CVE pool */
#define LIM_CVE_RESERVE_MAX 1000  /* ids reserved in one call */

/* output buffers */
#define LIM_OUTPUT_MAX (64 * 1024 * 1024) /* one rendered document */

/* process deadlines, in days (SPEC §4) */
#define DAYS_ACK 7
#define DAYS_FIX 30
#define DAYS_EMBARGO_MAX 90
#define DAYS_EMBARGO_SOON 14
#define MEETING_QUORUM_MIN 4      /* "more than three attendees" */

#endif
