/*
 * embed.h: files built into the binary (the default instrument, the
 * translation catalogs, style sheet and scripts), generated at build time
 * by tools/embed.c.
 */
#ifndef HARTSLAG_EMBED_H
#define HARTSLAG_EMBED_H

#include <stddef.h>
#include <stdint.h>

struct embedded_file {
	const char *name; /* path relative to the source tree: "static/site.css" */
	const uint8_t *data;
	size_t len;
};

/* Returns the file with that name, or NULL. */
const struct embedded_file *embed_find(const char *name);
/* All files, ending with an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

#endif
