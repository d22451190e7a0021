#!/usr/bin/awk -f
# user/core/conventions.tsv to C tables (build/conventions.h). Every row is checked; a bad one
# stops the build with "FILE:LINE: what is wrong" (tests/conventions.sh holds it to that).
function bad(why) {
	printf "%s:%d: %s\n", FILENAME, FNR, why > "/dev/stderr"
	failed = 1
}
# C string literal of s (the table's text is plain ASCII; quotes and backslashes escaped)
function cstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	return "\"" s "\""
}
function check_pattern(p,    rest, tok, macs) {
	macs = 0
	rest = p
	while (rest != "") {
		if (substr(rest, 1, 1) == "{") {
			if (!match(rest, /^\{[a-z:_-]*\}/)) {
				bad("pattern " p ": unclosed or unknown {")
				return
			}
			tok = substr(rest, 1, RLENGTH)
			if (tok == "{mac}" || tok == "{mac:}" || tok == "{mac_}" || tok == "{mac-}")
				macs++
			else if (tok != "{hex}" && tok != "{any}") {
				bad("pattern " p ": unknown token " tok " ({mac} {mac:} {mac_} {mac-} {hex} {any})")
				return
			}
			rest = substr(rest, RLENGTH + 1)
		} else if (substr(rest, 1, 1) ~ /[A-Za-z0-9._:-]/) {
			rest = substr(rest, 2)
		} else {
			bad("pattern " p ": character '" substr(rest, 1, 1) "' is not allowed")
			return
		}
	}
	if (macs != 1)
		bad("pattern " p ": needs exactly one {mac}, {mac:}, {mac_} or {mac-} (has " macs ")")
}
BEGIN { FS = "\t"; nm = nt = nc = 0 }
/^#/ || /^[ \t]*$/ { next }
{
	if (NF != 4) { bad("4 tab-separated fields wanted (kind, pattern/vendor/uuid, name/word, evidence), " NF " found"); next }
	for (i = 1; i <= 4; i++)
		if ($i == "") { bad("field " i " is empty"); next }
	if ($1 == "mac") {
		check_pattern($2)
		mac[nm++] = "\t{" cstr($2) ", " cstr($3) ", " cstr($4) "},"
	} else if ($1 == "token") {
		if ($3 !~ /^[a-z0-9!-]+$/) { bad("token " $3 ": lower-case letters, digits, ! and - only"); next }
		tok[nt++] = "\t{" cstr($2) ", " cstr($3) ", " cstr($4) "},"
	} else if ($1 == "constant") {
		u = $2
		if (length(u) != 36 || u !~ /^[0-9a-f-]+$/ || gsub(/-/, "", u) != 4 ||
		    substr($2, 9, 1) substr($2, 14, 1) substr($2, 19, 1) substr($2, 24, 1) != "----") {
			bad("constant " $2 ": a UUID in lower-case 8-4-4-4-12 form wanted"); next
		}
		con[nc++] = "\t{" cstr($2) ", " cstr($3) ", " cstr($4) "},"
	} else {
		bad("kind " $1 ": mac, token or constant")
	}
}
END {
	if (failed)
		exit 1
	print "/* Generated from user/core/conventions.tsv by scripts/conventions.awk: do not edit. */"
	print "static const struct convention conventions[] = {"
	for (i = 0; i < nm; i++) print mac[i]
	print "};"
	print "static const struct vendor_token vendor_tokens[] = {"
	for (i = 0; i < nt; i++) print tok[i]
	print "};"
	print "static const struct shared_constant shared_constants[] = {"
	for (i = 0; i < nc; i++) print con[i]
	print "};"
}
