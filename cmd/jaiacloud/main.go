// Command jaiacloud is the offline companion of the Jaia Cloud's Pulumi
// program: it plans a stack without AWS or the Pulumi engine, diffs plans,
// checks them against the project's policies, regenerates the golden plans
// and prints a machine's rendered user data. The logic lives in package
// plan; this command only parses flags and writes results.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "jaiacloud:", err)
		os.Exit(exitCode(err))
	}
}
