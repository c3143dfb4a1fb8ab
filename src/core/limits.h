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

/* HTTP request bodies, one limit per kind of route (see src/http/routes.c);
 * the server refuses a longer body with 413 before reading it all */
#define LIM_HTTP_BODY_AUTH 4096   /* sign-in: login, password, code (before authentication) */
#define LIM_HTTP_BODY_SMALL (16 * 1024) /* a JSON object of short fields */
/* a JSON object holding a description or comment: room for the text
 * written entirely as \u escapes (3 bytes of UTF-8 -> 6, 4 -> 12) */
#define LIM_HTTP_BODY_TEXT (3 * LIM_DESCRIPTION_MAX + LIM_HTTP_BODY_SMALL)
#define LIM_HTTP_BODY_UPLOAD LIM_ATTACHMENT_MAX /* raw attachment bytes */
#define LIM_JSON_DEPTH 8          /* nesting of arrays and objects in a request body */
#define LIM_HTTP_PAGE_MAX 500     /* issues in one page of GET /api/v1/issues */
#define LIM_HTTP_PAGE_DEFAULT 100
#define LIM_HTTP_OFFSET_MAX 1000000000 /* offset into a list */

/* CVE pool */
#define LIM_CVE_RESERVE_MAX 1000  /* ids reserved in one call */

/* output buffers */
#define LIM_OUTPUT_MAX (64 * 1024 * 1024) /* one rendered document */

/* the CLI's HTTP client (vigil --server URL, src/cli/remote.c) */
#define LIM_REMOTE_RESPONSE_MAX LIM_OUTPUT_MAX /* bytes of one answer: what a server may send */
#define LIM_REMOTE_CONNECT_SECONDS 10  /* to open the connection (and the TLS session) */
#define LIM_REMOTE_TIMEOUT_SECONDS 120 /* for one whole request, upload included */
#define LIM_REMOTE_URL_MAX 1024        /* bytes of the server URL */
#define LIM_CREDENTIALS_MAX 4096       /* bytes of ~/.config/vigil/credentials */

/* the HTTP server (vigil serve); request bodies are limited per route */
#define LIM_HTTP_CONNECTIONS 256      /* open connections in all */
#define LIM_HTTP_PER_IP 32            /* open connections from one address */
#define LIM_HTTP_TIMEOUT 30           /* seconds a connection may stay idle */
#define LIM_HTTP_HEADER_MEMORY (32 * 1024) /* request line and headers of one request */
#define LIM_HTTP_THREADS 4            /* worker threads */
#define LIM_HTTP_PATH_MAX 2048        /* bytes in a request path */
#define LIM_HTTP_BUFFERED_MAX (64 * 1024 * 1024) /* request body bytes held by all requests */
#define LIM_HTTP_LOGINS_AT_ONCE 2     /* sign-ins (argon2id) computed at once; more: 503 */
#define LIM_HTTP_DRAIN_SECONDS 10     /* how long SIGTERM waits for requests in flight */
#define LIM_SECURITY_TXT_MAX 8192     /* bytes in the security.txt file */

/* process deadlines, in days (SPEC §4) */
#define DAYS_ACK 7
#define DAYS_FIX 30
#define DAYS_EMBARGO_MAX 90
#define DAYS_EMBARGO_SOON 14
#define MEETING_QUORUM_MIN 4      /* "more than three attendees" */

#endif
