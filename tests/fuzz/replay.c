/*
 * replay.c — runs a libFuzzer target without libFuzzer: calls
 * LLVMFuzzerTestOneInput() once for every regular file in the directories
 * (or files) named on the command line, so each corpus is replayed as an
 * ordinary test with any compiler. Exits non-zero when nothing was
 * replayed or a file could not be read; a crash of the target fails the
 * test by itself. The files are untrusted fuzz inputs.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#include "core/banned.h"

#define REPLAY_FILE_MAX (1024 * 1024)

/* Run the target on one file. 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	unsigned char *data;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if ((data = malloc(REPLAY_FILE_MAX)) == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(data, 1, REPLAY_FILE_MAX, f);
	if (ferror(f) || !feof(f)) {
		fprintf(stderr, "%s: read error or larger than %d bytes\n", path,
		    REPLAY_FILE_MAX);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

/* Replay path (a file, or every regular file of a directory). */
static int
replay(const char *path, long *count)
{
	char sub[4096];
	struct dirent *de;
	struct stat st;
	DIR *dp;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (replay_file(path) != 0)
			return -1;
		(*count)++;
		return 0;
	}
	if ((dp = opendir(path)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (stat(sub, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (replay_file(sub) != 0)
			rc = -1;
		else
			(*count)++;
	}
	closedir(dp);
	return rc;
}

int
main(int argc, char **argv)
{
	long count = 0;
	int i;

	for (i = 1; i < argc; i++)
		if (replay(argv[i], &count) != 0)
			return 1;
	printf("replayed %ld inputs\n", count);
	return count > 0 ? 0 : 1;
}
