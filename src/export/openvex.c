/* openvex.c — placeholder while the writer is being written. */
#include "export/export.h"
json_t *export_openvex(const struct advisory *a) { (void)a; return json_object(); }
