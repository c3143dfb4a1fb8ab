/*
 * qr.h — a QR code of a short text as inline SVG, for the TOTP enrolment
 * page (the otpauth:// URI an authenticator app scans). The symbol is made
 * by libqrencode and written through html.h like any other markup: one
 * <svg role="img"> with a white square and a single <path> of the dark
 * modules, a quiet zone of QR_QUIET modules around them, no style
 * attribute (the pages' Content-Security-Policy allows none). The text is
 * ours (the service builds the URI); it is never echoed as markup, and the
 * label is escaped as an attribute.
 */
#ifndef VIGIL_WEB_QR_H
#define VIGIL_WEB_QR_H

#include "core/buf.h"

/* Modules of white border on every side (the minimum ISO/IEC 18004 asks). */
#define QR_QUIET 4
/* CSS pixels per module of the width/height attributes (the stylesheet may
 * scale the image down on a narrow screen). */
#define QR_MODULE_PX 5

/* A QR code made from a text; opaque (it holds libqrencode's symbol). */
struct qr;

/*
 * Encode text as a QR code (byte mode, error correction level M, the
 * smallest version that holds it) into *ret_qr, which the caller frees
 * with qr_free(). Returns 0; ERR_INVAL when text is NULL or empty;
 * ERR_LIMIT when it is longer than LIM_QR_TEXT_MAX bytes or more than a QR
 * code holds; ERR_NOMEM when libqrencode fails otherwise (*ret_qr is then
 * untouched), so a page can fall back to showing the text alone.
 */
int qr_make(const char *text, struct qr **ret_qr);

/* Modules on a side of the symbol, without the quiet zone (21 for
 * version 1, 4 more per version). */
int qr_width(const struct qr *q);

/*
 * Append q as an inline SVG image named label (its aria-label, escaped;
 * NULL: "QR code"): width+2*QR_QUIET units square, one unit per module, a
 * white square under one black <path> with one "M x y hN v1 h-N z" per
 * stretch of dark modules in a row. Errors stay in b (sticky, buf.h).
 */
void qr_svg(struct buf *b, const struct qr *q, const char *label);

/* Free a QR code; NULL is fine. */
void qr_free(struct qr *q);

#endif
