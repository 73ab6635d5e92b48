/*
 * limits.h: every ceiling on input and buffers, in one place. A buffer is
 * created with one of these as its maximum; appends past it fail.
 */
#ifndef HARTSLAG_LIMITS_H
#define HARTSLAG_LIMITS_H

/* HTTP */
#define MAX_URL_BYTES 2048
#define MAX_FORM_BYTES (64 * 1024)          /* urlencoded form body */
#define MAX_UPLOAD_BYTES (16 * 1024 * 1024) /* CSV upload body */
#define MAX_FORM_FIELDS 512
#define MAX_PAGE_BYTES (8 * 1024 * 1024)    /* one rendered page */
#define MAX_PDF_BYTES (64 * 1024 * 1024)

/* CSV */
#define MAX_CSV_FIELD_BYTES 4096
#define MAX_CSV_FIELDS 64
#define MAX_CSV_ROWS 2000000
#define MAX_CSV_BYTES (512L * 1024 * 1024)

/* Instruments */
#define MAX_INSTRUMENT_BYTES (1024 * 1024)
#define MAX_INSTRUMENT_LINE 2000
#define MAX_SCALES 64
#define MAX_ITEMS 256
#define MAX_ANSWER_POINTS 11
#define MAX_ID_BYTES 64
#define MAX_TEXT_BYTES 1000

/* Organisation */
#define MAX_NAME_BYTES 200
#define MAX_UNIT_DEPTH 32
#define MAX_IMPORT_ERRORS 1000      /* problems listed per imported file */

/* Tokens */
#define TOKEN_BYTES 32             /* random bytes in an invitation token */
#define TOKEN_TEXT_BYTES 43        /* its URL-safe base64 form, no padding */

#endif
