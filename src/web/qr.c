/*
 * qr.c — a QR code as inline SVG (qr.h): libqrencode makes the symbol, this
 * file writes it through html.h. Only this file sees libqrencode. The text
 * it encodes comes from the service (the otpauth:// URI of TOTP
 * enrolment), but its length is still checked against LIM_QR_TEXT_MAX
 * before any work; the label is escaped as an attribute value.
 */
#include "web/qr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "core/err.h"
#include "core/limits.h"
#include "web/html.h"
#include "core/banned.h"

struct qr {
	QRcode *code;
};

int
qr_make(const char *text, struct qr **ret_qr)
{
	struct qr *q;

	if (!text || !*text)
		return ERR_INVAL;
	if (strlen(text) > LIM_QR_TEXT_MAX)
		return ERR_LIMIT;
	if (!(q = calloc(1, sizeof(*q))))
		return ERR_NOMEM;
	errno = 0;
	if (!(q->code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1))) {
		int e = errno;

		free(q);
		return e == ERANGE ? ERR_LIMIT : e == EINVAL ? ERR_INVAL : ERR_NOMEM;
	}
	*ret_qr = q;
	return 0;
}

int
qr_width(const struct qr *q)
{
	return q->code->width;
}

/* The dark modules of row y, one "M x y hN v1 h-N z" per dark stretch. */
static void
qr_row(struct buf *b, const QRcode *c, int y)
{
	const unsigned char *row = c->data + (size_t)y * (size_t)c->width;
	int x = 0;

	while (x < c->width) {
		int start;

		/* bit 0 of each byte is the module's colour: 1 dark */
		if (!(row[x] & 1)) {
			x++;
			continue;
		}
		start = x;
		while (x < c->width && (row[x] & 1))
			x++;
		H(b, "M");
		h_int(b, start + QR_QUIET);
		H(b, " ");
		h_int(b, y + QR_QUIET);
		H(b, "h");
		h_int(b, x - start);
		H(b, "v1h-");
		h_int(b, x - start);
		H(b, "z");
	}
}

void
qr_svg(struct buf *b, const struct qr *q, const char *label)
{
	int size = q->code->width + 2 * QR_QUIET;

	H(b, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	h_int(b, size);
	H(b, " ");
	h_int(b, size);
	H(b, "\" width=\"");
	h_int(b, (long long)size * QR_MODULE_PX);
	H(b, "\" height=\"");
	h_int(b, (long long)size * QR_MODULE_PX);
	H(b, "\" role=\"img\" aria-label=\"");
	h_attr(b, label ? label : "QR code");
	H(b, "\" shape-rendering=\"crispEdges\"><rect width=\"");
	h_int(b, size);
	H(b, "\" height=\"");
	h_int(b, size);
	H(b, "\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
	for (int y = 0; y < q->code->width; y++)
		qr_row(b, q->code, y);
	H(b, "\"/></svg>");
}

void
qr_free(struct qr *q)
{
	if (!q)
		return;
	QRcode_free(q->code);
	free(q);
}
