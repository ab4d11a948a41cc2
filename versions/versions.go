// Package versions ships the default versions file of the Jaia Cloud user
// data: a copy of jaiabot's scripts/common-versions.env, whose KEY=value
// pairs every specialty server's templates may reference. Parse it with
// userdata.ParseVersions; a stack may name another file in the same format.
package versions

import _ "embed"

// FileName labels the shipped file in error messages: its path in this
// repository.
const FileName = "versions/common-versions.env"

// Default is the content of common-versions.env in this directory.
//
//go:embed common-versions.env
var Default []byte
