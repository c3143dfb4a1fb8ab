/*
 * migrations.h — the numbered schema files (schema/NNNN-*.sql), embedded
 * in the binary at build time by tools/embed_sql.py.
 */
#ifndef VIGIL_STORE_MIGRATIONS_H
#define VIGIL_STORE_MIGRATIONS_H

struct migration {
	const char *name;
	const char *sql;
};

extern const struct migration store_migrations[];
extern const int store_migration_count;

#endif
