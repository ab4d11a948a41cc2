// Package userdata renders the EC2 user data of a Jaia Cloud server: a
// cloud-init multipart/mixed document with one cloud-config part and one
// shell-script part, each expanded from a template with strict ${NAME}
// substitution.
//
// Rendering is pure and deterministic: the same templates and variables give
// byte-identical output on every machine, because nothing is read from the
// process environment, the MIME boundary is fixed and gzip writes no name and
// no time stamp. That matters because EC2 stops (or replaces) an instance
// whenever its user data changes, so a spurious difference is an outage.
//
// The template language is the one of Terraform's templatefile, reduced to
// substitution:
//
//   - ${NAME}, with NAME matching [A-Za-z_][A-Za-z0-9_]*, is replaced by the
//     value of a declared variable; an undeclared NAME is an error.
//   - $${ is written out as a literal ${.
//   - Any other "${" (such as ${HOME:-x}, ${#a} or ${a[@]}) is an error: the
//     author must write $${ to hand it to the shell.
//   - Everything else, including $NAME, $(...), $1, $$ and $@, is left alone
//     for the shell.
//
// Variables come from three places merged by the caller into one map: the
// values every server gets, a versions file in jaiabot's
// scripts/common-versions.env format (see [ParseVersions]) and the server's own
// template variables.
package userdata
