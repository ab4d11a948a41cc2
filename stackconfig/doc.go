// Package stackconfig decodes and validates the jaia-cloud stack configuration.
//
// A stack file (Pulumi.<stack>.yaml) declares, under the project namespace
// "jaia-cloud", the specialty servers (a map keyed by server name), the fleets
// (a list, one VPC each), the named admin sources allowed to reach SSH, the SSH
// keys installed on every machine and a few stack-wide switches. This package
// turns the raw configuration values (JSON text, as Pulumi hands them to a Go
// program) into typed structs, fills in the defaults of the reference bash
// scripts, and validates the whole configuration before any resource is
// registered. Every error names the configuration key and what is allowed.
//
// The package is pure: it imports no Pulumi package, so the program, the
// offline plan tool and the tests share one decoder.
package stackconfig
