// Command jaia-preview runs a real `pulumi preview` (or `up`) of a stack of
// this repository — the Pulumi CLI and engine built by scripts/e2e-tools.sh,
// the program infra.Program inline — against the simulated AWS provider, with
// a throw-away local backend and simulated account. It prints Pulumi's own
// output. Nothing reaches AWS: every id, address and ARN is simulated.
//
//	go run ./cmd/jaia-preview [--stack prod] [--up]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/jaiarobotics/jaia-cloud/e2e/harness"
	"github.com/jaiarobotics/jaia-cloud/infra"
)

func main() {
	stack := flag.String("stack", "prod", "stack whose Pulumi.<stack>.yaml is previewed")
	up := flag.Bool("up", false, "run `pulumi up` (then a second preview) instead of a preview")
	flag.Parse()
	if err := run(*stack, *up); err != nil {
		fmt.Fprintln(os.Stderr, "jaia-preview:", err)
		os.Exit(1)
	}
}

func run(stack string, up bool) error {
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "Pulumi."+stack+".yaml")); err != nil {
		return fmt.Errorf("no stack file %s", filepath.Join(root, "Pulumi."+stack+".yaml"))
	}
	tools, err := harness.FindTools()
	if err != nil {
		return fmt.Errorf("%w (build them with scripts/e2e-tools.sh)", err)
	}
	ctx := context.Background()
	h, err := harness.New(ctx, harness.Options{
		Program: infra.Program,
		Stack:   stack,
		WorkDir: root,
		Tools:   tools,
		Logf:    func(format string, args ...any) { fmt.Printf(format+"\n", args...) },
	})
	if err != nil {
		return err
	}
	defer h.Close()
	fmt.Printf("# simulated AWS: every id, address and ARN below is invented by the simulator\n")
	start := time.Now()
	var res *harness.Result
	if up {
		res, err = h.Up(ctx)
	} else {
		res, err = h.Preview(ctx)
	}
	if err != nil {
		return err
	}
	summary := []string{}
	for op, n := range res.Summary {
		summary = append(summary, fmt.Sprintf("%s=%d", op, n))
	}
	sort.Strings(summary)
	fmt.Printf("# %s of %s in %.1fs: %v\n", map[bool]string{true: "up", false: "preview"}[up], stack, time.Since(start).Seconds(), summary)
	return nil
}
