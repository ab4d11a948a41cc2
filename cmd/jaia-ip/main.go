// Command jaia-ip prints the addresses of the Jaia address plan: a drop-in
// for the jaiabot "jaia ip" command and scripts/jaia-ip.py. Run
// "jaia-ip --help" for its usage, or see usage in run.go.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Hostname, os.Stdout, os.Stderr))
}
