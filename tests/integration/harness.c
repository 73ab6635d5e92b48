/*
 * harness.c: see harness.h.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *bin(void)
{
	const char *b = getenv("HARTSLAG_BIN");
	if (!b) {
		fprintf(stderr, "HARTSLAG_BIN is not set (run through meson test)\n");
		abort();
	}
	return b;
}

void harness_init(struct server *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/hartslag-test-XXXXXX");
	if (!mkdtemp(s->dir))
		abort();
	snprintf(s->db, sizeof(s->db), "%s/test.db", s->dir);
	s->pid = -1;
}

void harness_cleanup(struct server *s)
{
	char cmd[600];
	if (s->pid > 0)
		server_down(s, SIGKILL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->dir);
}

static void child_env(void)
{
	setenv("LANG", "C", 1);
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("HARTSLAG_DB");
}

int harness_cli(struct server *s, char **out, const char *const *args)
{
	int fd[2];
	const char *argv[64];
	int n = 0;
	argv[n++] = bin();
	for (int i = 0; args[i] && n < 60; i++)
		argv[n++] = args[i];
	argv[n++] = "--db";
	argv[n++] = s->db;
	argv[n] = NULL;
	if (pipe(fd))
		abort();
	pid_t pid = fork();
	if (pid == 0) {
		child_env();
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t k;
	while ((k = read(fd[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)k;
		if (cap - len < 1024)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	close(fd[0]);
	int st;
	waitpid(pid, &st, 0);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int server_up(struct server *s)
{
	int fd[2];
	if (pipe(fd))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		child_env();
		/* The server dies with the test, and its log goes to a file so
		 * that it never holds the test runner's output open. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		char logpath[400];
		snprintf(logpath, sizeof(logpath), "%s/server.log", s->dir);
		int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (logfd >= 0) {
			dup2(logfd, 2);
			close(logfd);
		}
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(bin(), bin(), "serve", "--db", s->db, "--port", "0", "--quiet", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	s->pid = pid;
	/* Read until the line that names the address. */
	char buf[4096];
	size_t len = 0;
	ssize_t k;
	while (len < sizeof(buf) - 1 && (k = read(fd[0], buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)k;
		buf[len] = '\0';
		const char *p = strstr(buf, "http://127.0.0.1:");
		if (p && strchr(p, '\n')) {
			s->port = (int)strtol(p + strlen("http://127.0.0.1:"), NULL, 10);
			break;
		}
	}
	/* Keep reading the pipe in the background would block nothing: close it. */
	close(fd[0]);
	if (s->port <= 0) {
		fprintf(stderr, "server did not start: %s\n", buf);
		server_down(s, SIGKILL);
		return -1;
	}
	return 0;
}

void server_down(struct server *s, int sig)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, sig);
	int st;
	waitpid(s->pid, &st, 0);
	s->pid = -1;
}

int http(const struct server *s, const char *method, const char *path,
	 const char *extra_headers, const char *content_type, const char *body, size_t body_len,
	 struct http_resp *r)
{
	struct sockaddr_in sa;
	memset(r, 0, sizeof(*r));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	size_t hcap = strlen(path) + (extra_headers ? strlen(extra_headers) : 0) + 512;
	char *head = malloc(hcap);
	int hl = snprintf(head, hcap,
			  "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s",
			  method, path, s->port, extra_headers ? extra_headers : "");
	if (body) {
		hl += snprintf(head + hl, hcap - (size_t)hl,
			       "Content-Type: %s\r\nContent-Length: %zu\r\n",
			       content_type ? content_type : "application/x-www-form-urlencoded",
			       body_len);
	}
	hl += snprintf(head + hl, hcap - (size_t)hl, "\r\n");
	if (write(fd, head, (size_t)hl) != hl) {
		free(head);
		close(fd);
		return -1;
	}
	free(head);
	size_t off = 0;
	while (body && off < body_len) {
		ssize_t k = write(fd, body + off, body_len - off);
		if (k <= 0)
			break; /* the server may refuse early; read its answer */
		off += (size_t)k;
	}
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	ssize_t k;
	while ((k = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)k;
		if (cap - len < 4096)
			buf = realloc(buf, cap *= 2);
	}
	close(fd);
	buf[len] = '\0';
	char *sep = strstr(buf, "\r\n\r\n");
	if (!sep || strncmp(buf, "HTTP/1.1 ", 9) != 0) {
		free(buf);
		return -1;
	}
	r->status = (int)strtol(buf + 9, NULL, 10);
	size_t headlen = (size_t)(sep - buf);
	r->head = malloc(headlen + 1);
	memcpy(r->head, buf, headlen);
	r->head[headlen] = '\0';
	r->body_len = len - headlen - 4;
	r->body = malloc(r->body_len + 1);
	memcpy(r->body, sep + 4, r->body_len);
	r->body[r->body_len] = '\0';
	free(buf);
	return 0;
}

void http_resp_release(struct http_resp *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

char *http_header(const struct http_resp *r, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(r->head, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2;
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			const char *e = strstr(v, "\r\n");
			size_t l = e ? (size_t)(e - v) : strlen(v);
			char *out = malloc(l + 1);
			memcpy(out, v, l);
			out[l] = '\0';
			return out;
		}
	}
	return NULL;
}

char *http_set_cookie(const struct http_resp *r, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(r->head, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2;
		if (strncasecmp(line, "Set-Cookie: ", 12) != 0)
			continue;
		line += 12;
		if (strncmp(line, name, n) == 0 && line[n] == '=') {
			const char *v = line + n + 1;
			size_t l = strcspn(v, ";\r");
			char *out = malloc(l + 1);
			memcpy(out, v, l);
			out[l] = '\0';
			return out;
		}
	}
	return NULL;
}

char *html_input_value(const char *html, const char *name)
{
	char pat[200];
	snprintf(pat, sizeof(pat), "name=\"%s\" value=\"", name);
	const char *p = strstr(html, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	const char *e = strchr(p, '"');
	if (!e)
		return NULL;
	char *out = malloc((size_t)(e - p) + 1);
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return out;
}

char *form_escape(const char *s)
{
	char *out = malloc(strlen(s) * 3 + 1);
	char *o = out;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			*o++ = (char)c;
		else
			o += snprintf(o, 4, "%%%02X", c);
	}
	*o = '\0';
	return out;
}

char *source_file(const char *rel, size_t *len)
{
	const char *root = getenv("HARTSLAG_SOURCE_ROOT");
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		abort();
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}
