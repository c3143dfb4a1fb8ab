/* cve5.c — placeholder while the writer is being written. */
#include "export/export.h"
json_t *export_cve5(const struct advisory *a, const char *cve) { (void)a; (void)cve; return json_object(); }
json_t *export_cve5_rejected(char *const cfg[ADVISORY_CFG__COUNT], const struct cve *c) { (void)cfg; (void)c; return json_object(); }
