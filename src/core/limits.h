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
#define LIM_QR_TEXT_MAX 1024      /* bytes in one QR code (the TOTP otpauth:// URI) */
/* full-text search (src/store/search.c, docs/search.md) */
#define LIM_SEARCH_TERMS 16       /* words in one full-text search */
#define LIM_SEARCH_RESULTS 100    /* issues one full-text search returns */
#define LIM_SEARCH_SNIPPET_TOKENS 12 /* words of context in a result's snippet */

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
/* web forms (src/web/form.c): urlencoded text fields, percent-encoding
 * included, and multipart forms with one attachment */
#define LIM_HTTP_BODY_FORM (3 * LIM_DESCRIPTION_MAX + LIM_HTTP_BODY_SMALL)
#define LIM_HTTP_BODY_FORM_UPLOAD (LIM_ATTACHMENT_MAX + LIM_HTTP_BODY_FORM)
#define LIM_FORM_FIELDS 64        /* fields in one form */

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

/* mail transport (src/mail/, docs/mail-transport.md) */
#define LIM_MAIL_MESSAGE_MAX (16 * 1024 * 1024) /* bytes of one incoming message */
#define LIM_MAIL_HELD_MAX (64 * 1024 * 1024) /* bytes of an oversized message kept aside */
#define LIM_MAIL_MIME_DEPTH 8         /* nesting of multiparts and attached messages */
#define LIM_MAIL_PARTS 64             /* MIME parts in one message */
#define LIM_MAIL_BOUNDARY_LINES 4096  /* lines starting "--": bounds the parts GMime builds */
#define LIM_MAIL_ATTACHMENTS LIM_INTAKE_ATTACHMENTS /* attachments kept from one message */
#define LIM_MAIL_ATTACHMENT_MAX LIM_ATTACHMENT_MAX /* bytes of one decoded attachment */
#define LIM_MAIL_HEADER_MAX 998       /* bytes of one header value we keep (RFC 5322 line) */
#define LIM_MAIL_REFERENCES 32        /* Message-IDs kept from References */
#define LIM_MAIL_MAILDIR_BATCH 1000   /* messages one --maildir run takes from new/ */
#define LIM_MAIL_OUT_MAX (2 * 1024 * 1024) /* bytes of one outgoing message, encrypted */
#define LIM_MAIL_KEY_MAX (256 * 1024) /* bytes of one armored OpenPGP key */
#define LIM_MAIL_PASSWORD_MAX 1024    /* bytes of the SMTP password file */
#define LIM_SMTP_CONNECT_SECONDS 30   /* to open the SMTP connection (and TLS) */
#define LIM_SMTP_TIMEOUT_SECONDS 120  /* for one whole SMTP transaction */
#define LIM_MAIL_SEND_BATCH 100       /* messages one sender pass sends at most */

/* mail: the alert list, the outbox and intake (service side) */
#define LIM_ALERT_ORG_MAX 200         /* bytes in an alert-list organisation name */
#define LIM_ALERT_ADDRESSES 10        /* contact addresses of one alert-list member */
#define LIM_PGP_KEY_MAX (64 * 1024)   /* bytes of one ASCII-armored OpenPGP public key */
#define LIM_INTAKE_ATTACHMENTS 32     /* attachments kept from one e-mailed report */
#define LIM_MESSAGE_ID_MAX 250        /* bytes of one Message-ID we store or match */
#define LIM_REFERENCES_MAX 50         /* Message-IDs of References: looked at */
#define LIM_OUTBOX_KEEP_DAYS_DEFAULT 30 /* outbox_keep_days while unset (config.c too) */
#define LIM_OUTBOX_KEEP_DAYS_MAX 3650 /* outbox_keep_days at most (docs/mail.md) */

/* the sign-in throttle (src/service/throttle.c, docs/serve.md): failed
 * sign-ins and second-factor codes counted in one window */
#define LIM_LOGIN_WINDOW_SECONDS (15 * 60) /* the window the three limits below count in */
#define LIM_LOGIN_FAILS_PER_PAIR 5    /* failures of one login from one address */
#define LIM_LOGIN_FAILS_PER_ADDR 30   /* failures from one address, any login */
#define LIM_LOGIN_FAILS_PER_LOGIN 20  /* failures of one login, any address: then only
                                       * the addresses it signed in from may try */
#define LIM_LOGIN_KNOWN_DAYS 90       /* how long such an address stays known */

/* signed-out writes, per client address (src/service/newcomer.c):
 * counted in the sign-in throttle's table */
#define LIM_ANON_WINDOW_SECONDS (15 * 60) /* the window both limits below count in */
#define LIM_WEB_REPORTS_PER_ADDR 10   /* signed-out reports (each makes an account) */
#define LIM_ALERT_REQUESTS_PER_ADDR 10 /* anonymous alert-list requests over HTTP */

/* process deadlines, in days (SPEC §4) */
#define DAYS_ACK 7
#define DAYS_FIX 30
#define DAYS_EMBARGO_MAX 90
#define DAYS_EMBARGO_SOON 14
#define MEETING_QUORUM_MIN 4      /* "more than three attendees" */

#endif
